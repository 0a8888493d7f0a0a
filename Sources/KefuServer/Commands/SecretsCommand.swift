import Crypto
import Foundation
import KefuCore
import SQLKit
import Vapor

/// `kefu secrets rotate`: seals every channel's secrets under a new key.
///
/// With the key file, a new key is written first beside the old one, every secret is re-sealed, and only then is the
/// old key dropped: stopped at any point, every secret still opens. With `KEFU_SECRET_KEY`, put the new key first
/// (`NEW,OLD`), run this, then remove the old one.
struct SecretsCommand: AsyncCommandGroup {
    let help = "Manage the key that seals channels' passwords and tokens."
    let commands: [String: any AnyAsyncCommand]

    init(_ deps: Dependencies) {
        commands = ["rotate": Rotate(deps)]
    }

    struct Rotate: AsyncCommand {
        let deps: Dependencies

        init(_ deps: Dependencies) {
            self.deps = deps
        }

        struct Signature: CommandSignature {}

        let help = "Re-seal every channel's secrets under a new key."

        func run(using context: CommandContext, signature: Signature) async throws {
            let settings = deps.settings
            var box = deps.secrets
            let keyFile = SecretBox.fileURL(dataDirectory: settings.dataDirectory)
            if settings.secretKeys == nil {
                let keys = [SymmetricKey(size: .bits256)] + box.keys
                try SecretBox.writeKeyFile(keys, to: keyFile)
                box = SecretBox(keys: keys, source: keyFile.path)
            }
            let db = try deps.database.open()
            let rows = try await db.sql.raw("SELECT id, secrets FROM channels").all()
            var resealed = 0
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let sealed = try row.decode(column: "secrets", as: String.self)
                guard !box.isCurrent(sealed) else { continue }
                let fresh = try box.seal(try box.open(sealed))
                try await deps.transactions.run(on: db) { tx in
                    try await tx.sql.update("channels").set("secrets", to: fresh).where("id", .equal, id).run()
                }
                resealed += 1
            }
            if settings.secretKeys == nil {
                try SecretBox.writeKeyFile([box.keys[0]], to: keyFile)
                context.console.print("Re-sealed \(resealed) channel(s) under a new key in \(keyFile.path).")
            } else {
                context.console.print("Re-sealed \(resealed) channel(s) under the first key of KEFU_SECRET_KEY; the others may go now.")
            }
        }
    }
}
