import Foundation

/// Where a conversation stands against its platform's reply deadline.
public enum SLAState: String, Codable, Sendable, CaseIterable {
    /// The buyer is waiting and there is time left.
    case running
    /// The buyer is waiting and most of the allowance is spent (75 % by default).
    case atRisk
    /// The buyer is waiting past the deadline.
    case overdue
    /// The last wait was answered by a reply the platform counts; `breached` says whether it was late.
    case met
}

/// The deadline of a conversation's current (or last) wait, as timed by one version of a policy.
public struct SLATrack: Sendable, Equatable {
    /// The policy and version that timed it (`walmart-us@1`).
    public var policy: String
    /// When the buyer's wait began: the first buyer or care message after the last counted reply.
    public var startedAt: Date
    public var dueAt: Date
    public var atRiskAt: Date
    public var state: SLAState
    /// Whether the deadline passed before a counted reply.
    public var breached: Bool
    /// The counted reply that ended the wait.
    public var respondedAt: Date?

    public init(
        policy: String, startedAt: Date, dueAt: Date, atRiskAt: Date, state: SLAState, breached: Bool,
        respondedAt: Date? = nil
    ) {
        self.policy = policy
        self.startedAt = startedAt
        self.dueAt = dueAt
        self.atRiskAt = atRiskAt
        self.state = state
        self.breached = breached
        self.respondedAt = respondedAt
    }

    /// The state of a wait still running at `now`.
    public static func waitingState(dueAt: Date, atRiskAt: Date, at now: Date) -> SLAState {
        if now >= dueAt { return .overdue }
        if now >= atRiskAt { return .atRisk }
        return .running
    }

    /// Counted seconds left before the deadline at `now`; negative, counted the same way, once it has passed.
    public func remainingSeconds(at now: Date, on clock: SLAClock) -> Double {
        if let respondedAt {
            return respondedAt <= dueAt
                ? clock.countedSeconds(from: respondedAt, to: dueAt) : -clock.countedSeconds(from: dueAt, to: respondedAt)
        }
        return now <= dueAt ? clock.countedSeconds(from: now, to: dueAt) : -clock.countedSeconds(from: dueAt, to: now)
    }
}

/// A clock with the policy facts the conversation state needs to time a wait.
public struct SLATimer: Sendable {
    public let clock: SLAClock
    public let policy: String
    public let atRiskShare: Double
    public let qualifyingReplies: QualifyingReplies

    public init(_ policy: ResponsePolicy, storeTimeZone: TimeZone) throws(KefuError) {
        clock = try SLAClock(policy, storeTimeZone: storeTimeZone)
        self.policy = policy.reference
        atRiskShare = policy.firstResponse.atRiskShare
        qualifyingReplies = policy.firstResponse.qualifyingReplies
    }

    /// The deadline and the at-risk instant of a wait that began at `start`.
    public func deadlines(forWaitStartedAt start: Date) -> (dueAt: Date, atRiskAt: Date) {
        (clock.dueDate(forMessageReceivedAt: start),
         clock.dueDate(after: start, counting: Double(clock.allowance) * atRiskShare))
    }
}
