import Foundation
import KefuCore
import Vapor

/// `kefu channel add --store ID --kind email --imap-url URL --smtp-url URL --address ADDRESS [--poll-seconds N]
/// [--password-stdin] [--json]` and `kefu channel list --store ID [--json]`.
struct ChannelCommand: AsyncCommandGroup {
    let help = "Manage a store's channels (mailboxes)."
    let commands: [String: any AnyAsyncCommand]

    init(_ deps: Dependencies) {
        commands = ["add": Add(deps), "list": List(deps)]
    }

    struct Add: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {
            @Option(name: "store", help: "The store's id.")
            var store: String?

            @Option(name: "kind", help: "email.")
            var kind: String?

            @Option(name: "imap-url", help: "imaps://USER:PASS@HOST[:PORT][/MAILBOX], or imap://…?starttls=required; user and password percent-encoded.")
            var imapURL: String?

            @Option(name: "smtp-url", help: "smtps://USER:PASS@HOST[:PORT], or smtp://…:587?starttls=required.")
            var smtpURL: String?

            @Option(name: "address", help: "The address buyers write to and replies come from.")
            var address: String?

            @Option(name: "poll-seconds", help: "How often to look for mail when the server has no IDLE (default 60).")
            var pollSeconds: Int?

            @Flag(name: "password-stdin", help: "Read the password (for both servers) from standard input instead of the URLs.")
            var passwordStdin: Bool

            @Flag(name: "json", help: "Print {\"id\"} as JSON.")
            var json: Bool
        }

        let help = "Add a mailbox to a store; Kefu starts reading it and sending its replies."

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let rawStore = signature.store else { throw KefuError.invalid("missing_option", "--store is required.") }
            guard let storeID = UUID(uuidString: rawStore) else { throw KefuError.invalid("invalid_option", "--store must be a store id.") }
            let rawKind = signature.kind ?? "email"
            guard let kind = ChannelKind(rawValue: rawKind) else {
                throw KefuError.invalid("invalid_option", "--kind must be one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            var password: String?
            if signature.passwordStdin {
                password = readLine(strippingNewline: true)
                guard let password, !password.isEmpty else {
                    throw KefuError.invalid("missing_option", "--password-stdin was given, and standard input held no password.")
                }
            }
            let input = EmailChannelInput(
                imapURL: signature.imapURL, smtpURL: signature.smtpURL, address: signature.address,
                pollSeconds: signature.pollSeconds, imapPassword: password, smtpPassword: password)
            let channel = try await deps.channels(on: try deps.database.open())
                .add(to: storeID, kind: kind, input: input, by: .commandLine)
            if signature.json {
                try context.printJSON(["id": channel.id.uuidString])
            } else {
                context.console.print("Added channel \(channel.id) (\(channel.settings.address)); `kefu serve` runs it.")
            }
        }
    }

    struct List: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {
            @Option(name: "store", help: "The store's id.")
            var store: String?

            @Flag(name: "json", help: "Print [{\"id\",\"kind\",\"status\",\"lastSyncAt\",\"lastError\",\"backlog\"}] as JSON.")
            var json: Bool
        }

        let help = "List a store's channels and what each last reported."

        struct Line: Encodable {
            let id: UUID
            let kind: String
            let status: String
            let lastSyncAt: Date?
            let lastError: String?
            let backlog: Int

            enum CodingKeys: CodingKey { case id, kind, status, lastSyncAt, lastError, backlog }

            func encode(to encoder: any Encoder) throws {
                // Absent values print as null, so scripts always find every key.
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(kind, forKey: .kind)
                try container.encode(status, forKey: .status)
                try container.encode(lastSyncAt, forKey: .lastSyncAt)
                try container.encode(lastError, forKey: .lastError)
                try container.encode(backlog, forKey: .backlog)
            }
        }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let storeID = signature.store.flatMap(UUID.init(uuidString:)) else {
                throw KefuError.invalid("missing_option", "--store is required: the store's id.")
            }
            let channels = try await deps.channels(on: try deps.database.open()).list(store: storeID, by: .commandLine)
            let lines = channels.map { channel in
                Line(id: channel.id, kind: channel.kind.rawValue, status: channel.status.rawValue,
                     lastSyncAt: channel.lastSyncAt, lastError: channel.lastError, backlog: channel.backlog)
            }
            if signature.json {
                try context.printJSON(lines)
            } else if lines.isEmpty {
                context.console.print("The store has no channels.")
            } else {
                for (line, channel) in zip(lines, channels) {
                    context.console.print("\(line.id)  \(line.kind)  \(channel.settings.address)  \(line.status)"
                        + (line.lastError.map { "  — \($0)" } ?? ""))
                }
            }
        }
    }
}
