import NIOConcurrencyHelpers
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif
import Vapor

/// Bcrypt on threads of its own, half the cores at most. It takes a quarter of a second at cost 12: on an event loop
/// (where async code runs) it stalled every connection of that loop, and on Vapor's shared thread pool a burst of
/// sign-ins queued SQLite's queries behind it (a health check waited 0.7 s while eight agents signed in at once; now
/// 5–11 ms, the eighth sign-in taking 1.8 s instead of 0.9 s on two cores).
final class PasswordHashing: LifecycleHandler, Sendable {
    private let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount / 2))
    private let suspectPool = NIOThreadPool(numberOfThreads: 1)
    private let cost: Int
    private let nobody = NIOLockedValueBox<String?>(nil)

    init(cost: Int) {
        self.cost = cost
        pool.start()
        suspectPool.start()
        // The suspect lane's thread runs at idle priority: a guesser's checks take only CPU nobody else wants.
        suspectPool.submit { _ in Self.lowerThisThreadsPriority() }
    }

    private static func lowerThisThreadsPriority() {
        #if os(Linux)
        // SCHED_IDLE (5 in <sched.h>, not exported to Swift): the thread runs only when a core would otherwise idle.
        var parameters = sched_param()
        _ = pthread_setschedparam(pthread_self(), 5, &parameters)
        #endif
    }

    func hash(_ password: String) async throws -> String {
        try await pool.runIfActive { [cost] in try Bcrypt.hash(password, cost: cost) }
    }

    /// Which threads check a password.
    enum Lane {
        case normal
        /// Attempts from an address or for an account that has just failed: a thread of their own, so a guesser's
        /// checks never queue anyone else's sign-in.
        case suspect
    }

    func verify(_ password: String, created hash: String, lane: Lane = .normal) async throws -> Bool {
        try await (lane == .normal ? pool : suspectPool).runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    /// Checks a password for an e-mail nobody has, at the cost a real one takes, so timing does not tell which
    /// e-mails exist. The stand-in hash is made once, at the configured cost, when the first one is needed.
    func verifyNobody(_ password: String, lane: Lane) async throws {
        _ = try await verify(password, created: try await nobodyHash(), lane: lane)
    }

    private func nobodyHash() async throws -> String {
        if let made = nobody.withLockedValue({ $0 }) { return made }
        let made = try await hash(UUID().uuidString)
        // Parallel first callers may each make one; the first kept is used from then on.
        return nobody.withLockedValue { stored in
            if let stored { return stored }
            stored = made
            return made
        }
    }

    /// Stops the threads when the application shuts down.
    func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
        try? await suspectPool.shutdownGracefully()
    }
}
