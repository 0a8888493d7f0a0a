import NIOConcurrencyHelpers
import Foundation
import KefuCore
import Vapor

/// `kefu import --store ID --format mbox|eml-dir|csv FILE [--address ADDRESS] [--json]`
struct ImportCommand: AsyncCommand {
    let deps: Dependencies

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    struct Signature: CommandSignature {
        @Option(name: "store", help: "The store's id.")
        var store: String?

        @Option(name: "format", help: "mbox (a mailbox export), eml-dir (a folder of .eml files) or csv (a chat log).")
        var format: String?

        @Option(name: "address", help: "The store's own address in a mailbox export: its messages become the store's replies.")
        var address: String?

        @Flag(name: "json", help: "Print the summary as JSON: {\"read\",\"imported\",\"alreadyThere\",\"skipped\"}.")
        var json: Bool

        @Argument(name: "file", help: "The file (or folder, for eml-dir) to import.")
        var file: String
    }

    let help = """
        Import a store's earlier conversations through the ingest path (again is harmless: nothing is stored twice).
        A CSV needs columns conversation, customer and body; messageId, customerName, sentAt, author \
        (customer|agent|platformCare|bot), orderNumber and subject are read when present (Chinese headers too: 会话, \
        买家, 内容, 时间, 发送方, 订单号). A bad row stops the import before anything is stored.
        """

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let storeID = signature.store.flatMap(UUID.init(uuidString:)) else {
            throw KefuError.invalid("missing_option", "--store is required: the store's id.")
        }
        guard let format = signature.format.flatMap(HistoryImport.Format.init(rawValue:)) else {
            throw KefuError.invalid("invalid_option", "--format must be mbox, eml-dir or csv.")
        }
        let db = try deps.database.open()
        guard let model = try await StoreModel.find(storeID, on: db) else { throw KefuError.notFound("store") }
        let store = IngestingStore(
            storeID: storeID, workspaceID: model.workspaceID, merchantID: model.merchantID,
            platform: try Platform.stored(model.platformID, in: "stores.platform"))
        let bar = ProgressBar(enabled: !signature.json)
        let summary = try await HistoryImport(ingest: deps.ingestService(), db: db, transactions: deps.transactions, clock: deps.clock)
            .run(format, at: signature.file, into: store, ownAddress: signature.address, progress: bar.show)
        bar.finish()
        if signature.json {
            try context.printJSON(summary)
        } else {
            let skipped = summary.skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            context.console.print("Read \(summary.read) messages: \(summary.imported) imported, \(summary.alreadyThere) already there"
                + (skipped.isEmpty ? "." : "; skipped \(skipped)."))
        }
    }
}

/// `[██████░░░░░░]  4,200 / 10,000` on standard error, redrawn in place on a terminal; ten lines in a log.
private final class ProgressBar: Sendable {
    let enabled: Bool
    let terminal = isatty(2) == 1
    private let lastTenth = NIOLockedValueBox(-1)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = done * width / total
        let line = "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]  \(done) / \(total)"
        if terminal {
            FileHandle.standardError.write(Data(("\r" + line).utf8))
        } else {
            let tenth = done * 10 / total
            guard lastTenth.withLockedValue({ last in defer { last = tenth }; return last != tenth }) else { return }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if enabled, terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
