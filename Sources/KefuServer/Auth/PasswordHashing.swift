import NIOConcurrencyHelpers
import NIOPosix
import Vapor

/// Bcrypt on threads of its own, half the cores at most. It takes a quarter of a second at cost 12: on an event loop
/// (where async code runs) it stalled every connection of that loop, and on Vapor's shared thread pool a burst of
/// sign-ins queued SQLite's queries behind it (a health check waited 0.7 s while eight agents signed in at once; now
/// 5–11 ms, the eighth sign-in taking 1.8 s instead of 0.9 s on two cores).
final class PasswordHashing: LifecycleHandler, Sendable {
    private let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount / 2))
    private let cost: Int
    private let nobody = NIOLockedValueBox<String?>(nil)

    init(cost: Int) {
        self.cost = cost
        pool.start()
    }

    func hash(_ password: String) async throws -> String {
        try await pool.runIfActive { [cost] in try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, created hash: String) async throws -> Bool {
        try await pool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    /// Checks a password for an e-mail nobody has, at the cost a real one takes, so timing does not tell which
    /// e-mails exist. The stand-in hash is made once, at the configured cost.
    func verifyNobody(_ password: String) async throws {
        let hash: String
        if let made = nobody.withLockedValue({ $0 }) {
            hash = made
        } else {
            hash = try await self.hash(UUID().uuidString)
            nobody.withLockedValue { $0 = hash }
        }
        _ = try await verify(password, created: hash)
    }

    /// Stops the threads when the application shuts down.
    func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
    }
}
