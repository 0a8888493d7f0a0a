import Foundation
import Vapor

/// `kefu workspace add NAME`
struct WorkspaceCommand: AsyncCommandGroup {
    let help = "Manage workspaces (a seller company or an agency)."
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
            @Argument(name: "name", help: "The workspace's name.")
            var name: String

            @Flag(name: "json", help: "Print {\"id\",\"name\"} as JSON.")
            var json: Bool
        }

        let help = "Create a workspace."

        func run(using context: CommandContext, signature: Signature) async throws {
            let workspace = try await deps.tenancy(on: try deps.database.open()).addWorkspace(named: signature.name)
            let id = try workspace.requireID()
            if signature.json {
                try context.printJSON(["id": id.uuidString, "name": workspace.name])
            } else {
                context.console.print("Created workspace \(workspace.name) (\(id)).")
            }
        }
    }
}

extension CommandContext {
    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        console.output(String(decoding: try encoder.encode(value), as: UTF8.self), style: .plain)
    }
}
