/// The folders of the message center. A conversation can be in several at once (`unread` and `responseNeeded`).
public enum Folder: String, Codable, Sendable, CaseIterable {
    case all
    case unread
    case responseNeeded
    case customerCare
    case failed
    case spam
}
