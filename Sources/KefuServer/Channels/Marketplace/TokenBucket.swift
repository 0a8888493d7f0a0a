import Foundation

/// Keeps a channel under its platform's request rate: `rate` requests a second, in bursts of most of a second's worth
/// (platforms count per second; a little less than all of it, as the platform's count may have started a moment
/// before ours). A 429 empties it for as long as the platform asked, so every caller of the channel waits, not only
/// the one refused.
actor TokenBucket {
    private let rate: Double
    private let burst: Double
    private var tokens: Double
    private var updated = ContinuousClock.now

    init(rate: Int, burst: Int? = nil) {
        self.rate = Double(max(rate, 1))
        self.burst = Double(max(burst ?? rate * 4 / 5, 1))
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
