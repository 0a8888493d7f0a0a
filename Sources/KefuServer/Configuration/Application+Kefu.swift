import Foundation
import Vapor

extension Application {
    private struct ConfigurationKey: StorageKey {
        typealias Value = KefuConfiguration
    }

    private struct ClockKey: StorageKey {
        typealias Value = KefuClock
    }

    private struct WriteGateKey: StorageKey {
        typealias Value = WriteGate
    }

    /// The configuration `configure` was called with.
    public var kefu: KefuConfiguration {
        get { storage[ConfigurationKey.self] ?? KefuConfiguration() }
        set { storage[ConfigurationKey.self] = newValue }
    }

    /// Where "now" comes from; tests pin it.
    public var clock: KefuClock {
        get { storage[ClockKey.self] ?? KefuClock() }
        set { storage[ClockKey.self] = newValue }
    }

    /// Set up once by `configure`, before requests arrive: two gates would let two SQLite writers collide.
    var writeGate: WriteGate {
        get {
            guard let gate = storage[WriteGateKey.self] else { preconditionFailure("configure(_:) sets up the write gate") }
            return gate
        }
        set { storage[WriteGateKey.self] = newValue }
    }
}

/// The source of the current time for every service, so tests can fix it.
public struct KefuClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date = { Date() }) {
        self.read = read
    }

    public func now() -> Date { read() }

    /// A clock that always answers `date`.
    public static func fixed(_ date: Date) -> KefuClock { KefuClock { date } }
}

extension Request {
    var clock: KefuClock { application.clock }
}

extension Application {
    /// Whether this process is `kefu serve` (or the default command, which serves), not a one-off command such as
    /// `kefu lint`: background work (the SLA monitor, listening for other instances' events) runs only then.
    var runsServer: Bool {
        let command = environment.arguments.dropFirst().first { !$0.hasPrefix("-") }
        return command == nil || command == "serve"
    }
}
