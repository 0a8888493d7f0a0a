import Foundation
import KefuCore
import Vapor

/// `kefu sla due|explain|reevaluate|monitor`: the platform clocks for support staff and operators.
struct SLACommand: AsyncCommandGroup {
    let help = "Platform reply deadlines: compute a due time, explain a policy, re-time conversations."
    let commands: [String: any AnyAsyncCommand]

    init(_ deps: Dependencies) {
        commands = ["due": Due(deps), "explain": Explain(deps), "reevaluate": Reevaluate(deps), "monitor": Monitor(deps)]
    }

    /// The shipped pack named by a platform identifier, or a policy document in a file.
    static func policy(_ name: String, book: PolicyBook) throws -> ResponsePolicy {
        if let platform = Platform(identifier: name) { return book.pack(for: platform) }
        guard let data = FileManager.default.contents(atPath: name) else {
            throw KefuError.invalid(
                "unknown_policy", "\(name) is neither a platform (\(Platform.allCases.map(\.rawValue).joined(separator: ", "))) nor a policy file.")
        }
        return try ResponsePolicy.decode(data)
    }

    struct Due: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {
            @Option(name: "policy", help: "A platform (pinduoduo, walmart-us, …) or a policy file.")
            var policy: String?
            @Option(name: "received", help: "When the buyer wrote, ISO 8601 with offset: 2026-11-20T22:58:00+08:00.")
            var received: String?
            @Option(name: "timezone", help: "The store's zone, for policies that count in the store's own zone (default UTC).")
            var timezone: String?
        }

        let help = "Print when a message received at --received must be answered under --policy, as JSON."

        struct Output: Encodable {
            let policy: String
            let receivedAt: String
            let dueAt: String
            let businessSecondsAllowed: Int
            let clock: String
        }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let name = signature.policy else { throw KefuError.invalid("missing_option", "--policy is required.") }
            guard let text = signature.received, let received = ISO8601DateFormatter().date(from: text) else {
                throw KefuError.invalid("invalid_option", "--received must be an ISO 8601 time with an offset, such as 2026-11-20T22:58:00+08:00.")
            }
            let policy = try SLACommand.policy(name, book: deps.policies)
            let storeZone = try signature.timezone.map { identifier in
                guard let zone = TimeZone(identifier: identifier) else {
                    throw KefuError.invalid("invalid_option", "--timezone \(identifier) is not an IANA zone such as Asia/Shanghai.")
                }
                return zone
            } ?? .gmt
            let clock = try SLAClock(policy, storeTimeZone: storeZone)
            let zone = policy.timeZone.flatMap(TimeZone.init(identifier:)) ?? storeZone
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = zone
            try context.printJSON(Output(
                policy: policy.reference, receivedAt: formatter.string(from: received),
                dueAt: formatter.string(from: clock.dueDate(forMessageReceivedAt: received)),
                businessSecondsAllowed: policy.firstResponse.seconds, clock: policy.firstResponse.clock.rawValue))
        }
    }

    struct Explain: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {
            @Option(name: "policy", help: "A platform (pinduoduo, walmart-us, …) or a policy file.")
            var policy: String?
            @Flag(name: "json", help: "Print the policy document itself.")
            var json: Bool
        }

        let help = "Print a policy's rules with the source of each value."

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let name = signature.policy else { throw KefuError.invalid("missing_option", "--policy is required.") }
            let policy = try SLACommand.policy(name, book: deps.policies)
            if signature.json {
                try context.printJSON(policy)
                return
            }
            context.console.output(PolicyExplanation(policy).text, style: .plain)
        }
    }

    struct Reevaluate: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {
            @Option(name: "store", help: "Only this store (default: every store).")
            var store: String?
            @Flag(name: "rewrite", help: "Write every row, changed or not (what a policy change costs at worst).")
            var rewrite: Bool
        }

        let help = "Re-time every waiting conversation with its store's current policy."

        func run(using context: CommandContext, signature: Signature) async throws {
            let stores: [UUID]
            if let text = signature.store {
                guard let id = UUID(uuidString: text) else { throw KefuError.invalid("invalid_option", "--store must be a store id.") }
                stores = [id]
            } else {
                stores = try await deps.database.open().sql.raw("SELECT id FROM stores").all().map { try $0.decode(column: "id", as: UUID.self) }
            }
            let started = ContinuousClock.now
            let conversations = deps.conversations
            let rewrite = signature.rewrite
            let outcome = try await deps.transactions.run(on: try deps.database.open()) { tx in
                try await conversations.retime(stores: stores, rewriteAll: rewrite, in: tx)
            }
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
            try context.printJSON([
                "conversations": outcome.conversations, "written": outcome.written, "atRisk": outcome.atRisk, "overdue": outcome.overdue,
                "milliseconds": Int(milliseconds.rounded()),
            ])
        }
    }

    struct Monitor: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {}

        let help = "Run one pass of the SLA monitor (what `serve` does every KEFU_SLA_INTERVAL seconds) and print its warnings."

        func run(using context: CommandContext, signature: Signature) async throws {
            let warnings = try await SLAMonitor(deps, client: context.application.client, holder: "cli:\(getpid())").runOnce(leaseFor: 30)
            guard let warnings else {
                throw KefuError.conflict("lease_held", "Another Kefu instance is running the SLA monitor right now.")
            }
            try context.printJSON(["warnings": warnings])
        }
    }
}
