import Foundation
import KefuCore
import Vapor

/// `kefu seed --conversations N --messages M`: a large synthetic workspace for benchmarks.
struct SeedCommand: AsyncCommand {
    let deps: Dependencies

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    struct Signature: CommandSignature {
        @Option(name: "conversations", help: "How many conversations (default 1000).")
        var conversations: Int?

        @Option(name: "messages", help: "How many messages in all (default 10 per conversation).")
        var messages: Int?

        @Option(name: "workspace", help: "The workspace to create (default Seed).")
        var workspace: String?

        @Option(name: "stores", help: "How many stores to spread the conversations over (default 4).")
        var stores: Int?

        @Option(name: "platforms", help: "Comma-separated platforms of the stores, in order (default walmart-us,jd,pinduoduo,ozon,…).")
        var platforms: String?
    }

    let help = "Generate a large synthetic workspace for benchmarks; prints its logins and store keys as JSON."

    struct Output: Encodable {
        let workspace: String
        let adminEmail: String
        let password: String
        let stores: [TenancyService.CreatedStore]
        let conversations: Int
        let messages: Int
        let seconds: Double
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let logger = context.application.logger
        let conversations = signature.conversations ?? 1_000
        let messages = signature.messages ?? conversations * 10
        guard conversations > 0, messages >= conversations else {
            throw KefuError.invalid("invalid_option", "--conversations must be positive and --messages at least as many.")
        }
        var platforms: [Platform] = [.walmartUS, .jd, .pinduoduo, .ozon, .amazonUS, .tmall, .noon, .douyin]
        if let names = signature.platforms {
            platforms = try names.split(separator: ",").map { try Platform.named(String($0)) }
        }
        let storeCount = min(max(signature.stores ?? min(4, platforms.count), 1), platforms.count)
        let tenancy = deps.tenancy(on: try deps.database.open())
        let workspace = try await tenancy.addWorkspace(named: signature.workspace ?? "Seed")
        var stores: [(TenancyService.CreatedStore, IngestingStore)] = []
        for platform in platforms.prefix(storeCount) {
            let created = try await tenancy.addStore(
                workspace: workspace, merchantName: "Seed Merchant", platform: platform, name: "Seed \(platform.rawValue)",
                region: nil, timeZone: "Asia/Shanghai")
            let merchant = try await tenancy.merchant(named: "Seed Merchant", in: workspace)
            stores.append((created, IngestingStore(
                storeID: created.id, workspaceID: try workspace.requireID(), merchantID: try merchant.requireID(),
                platform: platform)))
        }
        let slug = workspace.name.lowercased().filter { $0.isLetter || $0.isNumber }
        let email = "admin@\(slug.isEmpty ? "seed" : slug).kefu"
        let password = "kefu-seed-password"
        _ = try await tenancy.addUser(
            workspace: workspace, email: email, name: "Seed Admin", role: .admin, password: password, storeIDs: [],
            merchantIDs: [])

        let started = Date()
        let now = deps.clock.now()
        let workload = SyntheticWorkload(
            conversations: conversations, messages: messages, start: now.addingTimeInterval(-30 * 86_400), span: 30 * 86_400)
        let ingest = deps.ingestService()
        var stored = 0
        var lastReport = Date()
        try await workload.forEachBatch(storeCount: storeCount) { store, batch in
            stored += try await ingest.ingest(batch, into: stores[store].1).accepted
            if Date().timeIntervalSince(lastReport) > 5 {
                lastReport = Date()
                logger.notice("seed: \(stored) of \(messages) messages")
            }
        }
        try context.printJSON(
            Output(
                workspace: workspace.name, adminEmail: email, password: password, stores: stores.map(\.0),
                conversations: conversations, messages: stored, seconds: Date().timeIntervalSince(started)))
    }
}
