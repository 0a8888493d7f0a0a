import Fluent
import Foundation
import KefuCore
import Vapor

/// `kefu user add --workspace W --email E --role R [--store ID,ID…] [--merchant ID,…] --password-stdin` and
/// `kefu user unlock --email E`.
struct UserCommand: AsyncCommandGroup {
    let help = "Manage users."
    let commands: [String: any AnyAsyncCommand]

    init(_ deps: Dependencies) {
        commands = ["add": Add(deps), "unlock": Unlock(deps)]
    }

    struct Add: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {
            @Option(name: "workspace", help: "The workspace's name.")
            var workspace: String?

            @Option(name: "email", help: "The e-mail the user signs in with.")
            var email: String?

            @Option(name: "name", help: "The name colleagues see.")
            var name: String?

            @Option(name: "role", help: "admin, supervisor, agent, qa or merchantViewer.")
            var role: String?

            @Option(name: "store", help: "Store ids the user is assigned to, comma-separated.")
            var stores: String?

            @Option(name: "merchant", help: "Merchant ids the user is assigned to (all their stores), comma-separated.")
            var merchants: String?

            @Flag(name: "password-stdin", help: "Read the password from standard input.")
            var passwordFromStdin: Bool

            @Flag(name: "json", help: "Print {\"id\",\"email\",\"role\"} as JSON.")
            var json: Bool
        }

        let help = "Create a user."

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let email = signature.email else { throw KefuError.invalid("missing_option", "--email is required.") }
            guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
                throw KefuError.invalid(
                    "invalid_role", "--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard signature.passwordFromStdin else {
                throw KefuError.invalid(
                    "missing_option", "Pass --password-stdin and the password on standard input (never on the command line).")
            }
            let password = (readLine(strippingNewline: true) ?? "")
            guard let workspaceName = signature.workspace else {
                throw KefuError.invalid("missing_option", "--workspace is required.")
            }
            let tenancy = deps.tenancy(on: try deps.database.open())
            let workspace = try await tenancy.workspace(named: workspaceName)
            let user = try await tenancy.addUser(
                workspace: workspace, email: email, name: signature.name, role: role, password: password,
                storeIDs: try Self.ids(signature.stores, "--store"), merchantIDs: try Self.ids(signature.merchants, "--merchant"))
            let id = try user.requireID()
            if signature.json {
                try context.printJSON(["id": id.uuidString, "email": user.email, "role": user.roleID])
            } else {
                context.console.print("Created \(role.rawValue) \(user.email) (\(id)).")
            }
        }

        static func ids(_ list: String?, _ flag: String) throws -> [UUID] {
            guard let list, !list.isEmpty else { return [] }
            return try list.split(separator: ",").map { raw in
                guard let id = UUID(uuidString: raw.trimmingCharacters(in: .whitespaces)) else {
                    throw KefuError.invalid("invalid_option", "\(flag) takes ids; \(raw) is not one.")
                }
                return id
            }
        }
    }

    /// For the admin who locked themselves out: lifts the lock wrong passwords put on an account.
    struct Unlock: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {
            @Option(name: "email", help: "The e-mail of the locked account.")
            var email: String?
        }

        let help = "Let a user locked out by wrong passwords sign in again."

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let email = signature.email?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty else {
                throw KefuError.invalid("missing_option", "--email is required.")
            }
            let db = try deps.database.open()
            guard let user = try await UserModel.query(on: db).filter(\.$email == email).first() else {
                throw KefuError.notFound("user \(email)")
            }
            try await deps.signInFailures(on: db).unlock(user, by: nil, via: "kefu user unlock")
            context.console.print("\(email) may sign in again.")
        }
    }
}
