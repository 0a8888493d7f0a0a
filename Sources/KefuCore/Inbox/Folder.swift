/// The folders of the message center. A conversation can be in several at once (`unread` and `responseNeeded`).
public enum Folder: String, Codable, Sendable, CaseIterable {
    case all
    case unread
    case responseNeeded
    case customerCare
    /// Waiting conversations past the at-risk share of their platform's allowance, not yet past the deadline.
    case atRisk
    /// Waiting conversations past the deadline.
    case overdue
    case failed
    case spam
}
