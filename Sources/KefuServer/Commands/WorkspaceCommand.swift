import Foundation
import Vapor

/// `kefu workspace add NAME`
struct WorkspaceCommand: AsyncCommandGroup {
    let help = "Manage workspaces (a seller company or an agency)."
    let commands: [String: any AnyAsyncCommand] = ["add": Add()]

    struct Add: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "name", help: "The workspace's name.")
            var name: String

            @Flag(name: "json", help: "Print {\"id\",\"name\"} as JSON.")
            var json: Bool
        }

        let help = "Create a workspace."

        func run(using context: CommandContext, signature: Signature) async throws {
            let workspace = try await TenancyService(app: context.application).addWorkspace(named: signature.name)
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
