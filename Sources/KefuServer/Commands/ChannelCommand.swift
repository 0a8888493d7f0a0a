import Foundation
import KefuCore
import Vapor

/// `kefu channel add --store ID --kind email --imap-url URL --smtp-url URL --address ADDRESS [--poll-seconds N]
/// [--password-stdin] [--json]`, `… --kind ozon --client-id CID --api-key KEY [--base-url URL]`, `… --kind ebay
/// --client-id ID --client-secret SECRET --refresh-token TOKEN --seller-username NAME [--base-url URL]`, and
/// `kefu channel list --store ID [--json]`.
struct ChannelCommand: AsyncCommandGroup {
    let help = "Manage a store's channels (mailboxes, Ozon and eBay accounts)."
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

            @Option(name: "kind", help: "email (the default), ozon or ebay.")
            var kind: String?

            @Option(name: "imap-url", help: "imaps://USER:PASS@HOST[:PORT][/MAILBOX], or imap://…?starttls=required; user and password percent-encoded.")
            var imapURL: String?

            @Option(name: "smtp-url", help: "smtps://USER:PASS@HOST[:PORT], or smtp://…:587?starttls=required.")
            var smtpURL: String?

            @Option(name: "address", help: "The address buyers write to and replies come from.")
            var address: String?

            @Option(name: "poll-seconds", help: "How often to look for mail when the server has no IDLE (default 60).")
            var pollSeconds: Int?

            @Option(name: "client-id", help: "ozon: the seller's Client-Id; ebay: the App ID of the developer keyset.")
            var clientID: String?

            @Option(name: "api-key", help: "ozon: the Api-Key (with chat access).")
            var apiKey: String?

            @Option(name: "client-secret", help: "ebay: the Cert ID of the developer keyset.")
            var clientSecret: String?

            @Option(name: "refresh-token", help: "ebay: the seller's refresh token for the commerce.message scope.")
            var refreshToken: String?

            @Option(name: "seller-username", help: "ebay: the seller's eBay user name.")
            var sellerUsername: String?

            @Option(name: "base-url", help: "ozon/ebay: the API's address, for a proxy or a test server.")
            var baseURL: String?

            @Option(name: "requests-per-second", help: "ozon/ebay: the most requests a second (Ozon 50, eBay 5 by default).")
            var requestsPerSecond: Int?

            @Flag(name: "password-stdin", help: "Read the secret from standard input: both mail servers' password, Ozon's Api-Key or eBay's client secret.")
            var passwordStdin: Bool

            @Flag(name: "json", help: "Print {\"id\", \"pushPath\"} as JSON.")
            var json: Bool
        }

        let help = "Add a mailbox or a marketplace account to a store; Kefu starts reading it and sending its replies."

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let rawStore = signature.store else { throw KefuError.invalid("missing_option", "--store is required.") }
            guard let storeID = UUID(uuidString: rawStore) else { throw KefuError.invalid("invalid_option", "--store must be a store id.") }
            let rawKind = signature.kind ?? "email"
            guard let kind = ChannelKind(rawValue: rawKind), kind != .demo else {
                throw KefuError.invalid("invalid_option", "--kind must be email, ozon or ebay (`kefu demo` makes the demo's channels).")
            }
            var password: String?
            if signature.passwordStdin {
                password = readLine(strippingNewline: true)
                guard let password, !password.isEmpty else {
                    throw KefuError.invalid("missing_option", "--password-stdin was given, and standard input held no password.")
                }
            }
            let input: ChannelInput
            switch kind {
            case .email:
                input = .email(EmailChannelInput(
                    imapURL: signature.imapURL, smtpURL: signature.smtpURL, address: signature.address,
                    pollSeconds: signature.pollSeconds, imapPassword: password, smtpPassword: password))
            case .ozon:
                input = .ozon(OzonChannelInput(
                    clientID: signature.clientID, apiKey: password ?? signature.apiKey, baseURL: signature.baseURL,
                    pollSeconds: signature.pollSeconds, requestsPerSecond: signature.requestsPerSecond))
            case .ebay:
                input = .ebay(EbayChannelInput(
                    clientID: signature.clientID, clientSecret: password ?? signature.clientSecret,
                    refreshToken: signature.refreshToken, sellerUsername: signature.sellerUsername,
                    baseURL: signature.baseURL, pollSeconds: signature.pollSeconds,
                    requestsPerSecond: signature.requestsPerSecond))
            case .demo:
                preconditionFailure("refused above")
            }
            let channel = try await deps.channels(on: try deps.database.open()).add(to: storeID, input: input, by: .commandLine)
            if signature.json {
                var printed = ["id": channel.id.uuidString]
                if let path = channel.pushPath { printed["pushPath"] = path }
                try context.printJSON(printed)
            } else {
                context.console.print("Added channel \(channel.id) (\(channel.settings.label)); `kefu serve` runs it.")
                if let path = channel.pushPath {
                    context.console.print("Point the seller account's push notifications at https://YOUR-KEFU-ADDRESS\(path).")
                }
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
                    context.console.print("\(line.id)  \(line.kind)  \(channel.settings.label)  \(line.status)"
                        + (line.lastError.map { "  — \($0)" } ?? ""))
                }
            }
        }
    }
}
