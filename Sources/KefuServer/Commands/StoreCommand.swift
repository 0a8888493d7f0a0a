import Foundation
import KefuCore
import Vapor

/// `kefu store add --workspace W --merchant M --platform walmart-us --name N --timezone TZ [--region R]
/// [--shop-address URL] [--json]`
struct StoreCommand: AsyncCommandGroup {
    let help = "Manage stores (one shop on one marketplace)."
    let commands: [String: any AnyAsyncCommand]

    init(_ deps: Dependencies) {
        commands = ["add": Add(deps)]
    }

    struct Add: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {
            @Option(name: "workspace", help: "The workspace's name.")
            var workspace: String?

            @Option(name: "merchant", help: "The merchant's name; created on first use.")
            var merchant: String?

            @Option(name: "platform", help: "walmart-us, amazon-us, ebay, noon, ozon, pinduoduo, taobao, tmall, jd or douyin.")
            var platform: String?

            @Option(name: "name", help: "The store's name as the marketplace shows it.")
            var name: String?

            @Option(name: "timezone", help: "IANA time zone, e.g. America/Chicago or Asia/Shanghai.")
            var timezone: String?

            @Option(name: "region", help: "Marketplace region, e.g. US, AE, RU, CN.")
            var region: String?

            @Option(name: "shop-address", help: "The store's own shop link, e.g. https://yourshop.tmall.com (Tmall forbids other shops' links).")
            var shopAddress: String?

            @Flag(name: "json", help: "Print {\"id\",\"ingestionKey\"} as JSON.")
            var json: Bool
        }

        let help = "Create a store and print its ingestion key (shown only once)."

        func run(using context: CommandContext, signature: Signature) async throws {
            func required(_ value: String?, _ flag: String) throws -> String {
                guard let value, !value.isEmpty else { throw KefuError.invalid("missing_option", "--\(flag) is required.") }
                return value
            }
            let platformID = try required(signature.platform, "platform")
            let platform = try Platform.named(platformID)
            let tenancy = deps.tenancy(on: try deps.database.open())
            let workspace = try await tenancy.workspace(named: try required(signature.workspace, "workspace"))
            let created = try await tenancy.addStore(
                workspace: workspace, merchantName: try required(signature.merchant, "merchant"), platform: platform,
                name: try required(signature.name, "name"), region: signature.region,
                timeZone: try required(signature.timezone, "timezone"), shopAddress: signature.shopAddress)
            if signature.json {
                try context.printJSON(created)
            } else {
                context.console.print("Created store \(created.id).")
                context.console.print("Ingestion key (keep it secret, it is not shown again): \(created.ingestionKey)")
            }
        }
    }
}
