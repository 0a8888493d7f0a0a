import Foundation

/// Exponential back-off with jitter: 1 s, 2 s, 4 s … up to a cap, each wait between half and all of its step, so
/// channels that failed together do not retry together.
struct Backoff: Sendable {
    let base: Duration
    let cap: Duration
    private var attempt = 0

    init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    mutating func next() -> Duration {
        let step = min(base * (1 << min(attempt, 20)), cap)
        attempt += 1
        return step * Double.random(in: 0.5...1.0)
    }

    mutating func reset() {
        attempt = 0
    }

    /// Seconds before the `attempt`-th retry of one delivery: 30 s doubling to an hour.
    static func delay(attempt: Int, base: TimeInterval = 30, cap: TimeInterval = 3_600) -> TimeInterval {
        min(base * pow(2, Double(max(attempt - 1, 0))), cap) * Double.random(in: 0.8...1.0)
    }
}
