import Foundation
import KefuCore

/// What a conversation list asks for: filter, position and page size, read from a query string (the API's and the
/// inbox page's alike), rejecting values it does not understand by name.
struct ConversationListQuery {
    var filter = ConversationFilter()
    var cursor: ConversationCursor?
    var searchCursor: SearchCursor?
    var findCursor: FindCursor?
    var limit = ConversationQueryService.defaultPageSize

    /// `parameter` answers a query parameter's value by name.
    init(_ parameter: (String) -> String?, viewer: Viewer) throws {
        func text(_ key: String) -> String? {
            guard let value = parameter(key)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        func parse<T>(_ key: String, _ make: (String) -> T?, expected: String) throws(KefuError) -> T? {
            guard let raw = text(key) else { return nil }
            guard let value = make(raw) else { throw .invalid("invalid_query", "\(key) must be \(expected).") }
            return value
        }
        func names<T: RawRepresentable & CaseIterable>(_: T.Type) -> String where T.RawValue == String {
            "one of " + T.allCases.map(\.rawValue).joined(separator: ", ")
        }

        filter.folder = try parse("folder", Folder.init(rawValue:), expected: names(Folder.self)) ?? .all
        filter.merchantID = try parse("merchantID", UUID.init(uuidString:), expected: "a merchant id")
        filter.storeID = try parse("storeID", UUID.init(uuidString:), expected: "a store id")
        filter.platform = try parse("platform", Platform.init(identifier:), expected: names(Platform.self))
        filter.kind = try parse("kind", ConversationKind.init(rawValue:), expected: names(ConversationKind.self))
        filter.status = try parse("status", ConversationStatus.init(rawValue:), expected: names(ConversationStatus.self))
        if let assignee = text("assignee") {
            switch assignee {
            case "me": filter.assigneeID = .some(viewer.userID)
            case "none": filter.assigneeID = .some(nil)
            default:
                guard let id = UUID(uuidString: assignee) else {
                    throw KefuError.invalid("invalid_query", "assignee must be a user id, me or none.")
                }
                filter.assigneeID = .some(id)
            }
        }
        filter.order = try parse("sort", ConversationFilter.ListOrder.init(rawValue:), expected: "recent or urgency") ?? .recent
        filter.label = text("label")
        filter.activeFrom = try parse("from", Self.moment, expected: "a date (2026-11-01) or a date and time with its zone")
        filter.activeBefore = try parse("to", Self.moment, expected: "a date (2026-11-30) or a date and time with its zone")
        if let from = filter.activeFrom, let to = filter.activeBefore, from >= to {
            throw KefuError.invalid("invalid_query", "from must be before to.")
        }
        filter.orderNumber = text("orderNumber")
        filter.subject = text("subject")
        filter.customerName = text("customerName")
        if let risk = text("risk") {
            let inbound = ComplianceCategory.inbound
            guard risk == "any" || inbound.contains(where: { $0.rawValue == risk }) else {
                throw KefuError.invalid("invalid_query", "risk must be any, suspiciousLink, paymentRequest or phishing.")
            }
            filter.risk = .init(category: ComplianceCategory(rawValue: risk))
        }
        if let q = text("q") { filter.text = try SearchTerms.query(q) }
        filter.find = text("find")
        if filter.find != nil, filter.text != nil {
            throw KefuError.invalid("invalid_query", "find searches message text already; send find or q, not both.")
        }
        if let token = text("cursor") { try continueFrom(token) }
        if let rawLimit = text("limit") {
            guard let value = Int(rawLimit), (1...ConversationQueryService.maxPageSize).contains(value) else {
                throw KefuError.invalid("invalid_query", "limit must be a number from 1 to \(ConversationQueryService.maxPageSize).")
            }
            limit = value
        }
    }

    /// `2026-11-01` (the day's start in UTC) or an ISO 8601 date and time with its zone.
    static func moment(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text + "T00:00:00Z", strategy: .iso8601)
    }

    /// The position `token` names, read as the kind of list this query asks for.
    mutating func continueFrom(_ token: String) throws(KefuError) {
        if filter.find != nil {
            findCursor = try FindCursor(token: token)
        } else if filter.text != nil {
            searchCursor = try SearchCursor(token: token)
        } else {
            cursor = try ConversationCursor(token: token)
        }
    }
}
