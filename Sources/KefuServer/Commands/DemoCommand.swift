import Foundation
import KefuCore
import Vapor

/// `kefu demo`: loads an agency workspace a newcomer can sign in to and work in.
struct DemoCommand: AsyncCommand {
    let deps: Dependencies

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    struct Signature: CommandSignature {
        @Flag(name: "json", help: "Print the summary as JSON.")
        var json: Bool

        @Option(name: "live", help: "Seconds between new buyer messages in each store while `kefu serve` runs (default: none; `kefu serve --demo-live` brings them anyway).")
        var live: Int?
    }

    let help = "Load a demo agency workspace (three merchants, eight marketplaces, a few hundred conversations)."

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = try deps.database.open()
        if try await WorkspaceModel.named(DemoCatalog.workspace, on: db) != nil {
            throw KefuError.conflict(
                "demo_exists",
                "The demo workspace is already loaded. Sign in as admin@kefu.demo with password \(DemoCatalog.password); delete \(deps.settings.dataDirectory) to start over.")
        }
        if let live = signature.live, !DemoChannelRunner.liveRange.contains(live) {
            throw KefuError.invalid(
                "invalid_option",
                "--live must be between \(DemoChannelRunner.liveRange.lowerBound) and \(DemoChannelRunner.liveRange.upperBound) seconds.")
        }
        let summary = try await DemoLoader(deps: deps, db: db).load(now: deps.clock.now(), liveEverySeconds: signature.live)
        if signature.json {
            try context.printJSON(summary)
            return
        }
        context.console.print("Loaded \(summary.workspace): \(summary.conversations) conversations, \(summary.messages) messages.")
        context.console.print("Start Kefu with `swift run kefu serve` (add --demo-live for buyers who keep writing) and open http://localhost:8080. Sign in with password \(summary.password) as:")
        for login in summary.logins {
            context.console.print("  \(login.email.padding(toLength: 24, withPad: " ", startingAt: 0)) \(login.role.padding(toLength: 15, withPad: " ", startingAt: 0)) sees \(login.sees)")
        }
        context.console.print("API: curl -s -X POST localhost:8080/api/v1/auth/login -H 'content-type: application/json' -d '{\"email\":\"admin@kefu.demo\",\"password\":\"\(summary.password)\"}'")
    }
}
