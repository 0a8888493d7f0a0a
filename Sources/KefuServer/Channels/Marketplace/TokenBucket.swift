import Foundation

/// Keeps a channel under its platform's request rate: `rate` requests a second with bursts of at most `burst`.
/// A 429 empties it for as long as the platform asked, so every caller of the channel waits, not only the one refused.
actor TokenBucket {
    private let rate: Double
    private let burst: Double
    private var tokens: Double
    private var updated = ContinuousClock.now

    init(rate: Int, burst: Int? = nil) {
        self.rate = Double(max(rate, 1))
        // A small burst: the platform's own bucket may have started counting a moment before ours.
        self.burst = Double(max(burst ?? rate / 10, 1))
        tokens = self.burst
    }

    func take() async throws {
        while true {
            refill()
            if tokens >= 1 {
                tokens -= 1
                return
            }
            try await Task.sleep(for: .seconds((1 - tokens) / rate))
        }
    }

    /// The platform said "too many requests": nobody asks again for `seconds`.
    func pause(for seconds: Double) {
        refill()
        tokens = min(tokens, 0) - seconds * rate
    }

    private func refill() {
        let now = ContinuousClock.now
        let elapsed = updated.duration(to: now)
        updated = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * rate)
    }
}
