import Foundation
import KefuCore
import Vapor

/// What `inbox.leaf` renders: folders with counts, the filter bar, one page of rows.
struct InboxPage: Encodable {
    struct FolderLink: Encodable {
        let key: String
        let title: String
        let count: Int
        let href: String
        let selected: Bool
    }

    let chrome: PageChrome
    let folders: [FolderLink]
    let merchants: [PageOption]
    let stores: [PageOption]
    let platforms: [PageOption]
    let kinds: [PageOption]
    let assignees: [PageOption]
    let risks: [PageOption]
    let sorts: [PageOption]
    let fields: [PageOption]
    let folder: String
    let search: String
    /// `InboxRowsHTML` of the rows, in the list's order.
    let rowsHTML: String
    let empty: Bool
    let nextHref: String?
    /// The list's query string (without cursor), which the page script sends back to ask for changed rows.
    let listQuery: String
    let sort: String
    /// The list's filters as the export API names them (JSON), for those who may export in bulk; else nil.
    let exportParameters: String?
    /// Where a finished export is downloaded, `:exportID` standing for its id.
    let exportDownload = "/" + SitePage.exportDownload.pattern
}

/// The inbox's own query parameters on top of the API's: one search box whose field picker narrows it (every field
/// by default), urgency as the default order.
struct InboxQuery {
    static let searchFields = ["all", "text", "orderNumber", "subject", "customerName"]

    var list: ConversationListQuery
    var field: String
    var search: String
    /// The raw filter values, to keep them in links and re-select them in the form.
    var values: [String: String]

    init(_ req: Request, viewer: Viewer) throws {
        let query = QueryValues(req)
        list = try ConversationListQuery({ query[$0] }, viewer: viewer)
        func value(_ key: String) -> String? {
            query[key]?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        }
        values = [:]
        for key in ["folder", "merchantID", "storeID", "platform", "kind", "assignee", "risk", "sort"] {
            values[key] = value(key)
        }
        if values["sort"] == nil { list.filter.order = .urgency }
        field = value("field") ?? "all"
        guard Self.searchFields.contains(field) else {
            throw KefuError.invalid("invalid_query", "field must be one of \(Self.searchFields.joined(separator: ", ")).")
        }
        search = value("search") ?? ""
        if !search.isEmpty {
            switch field {
            case "text": list.filter.text = try SearchTerms.query(search)
            case "orderNumber": list.filter.orderNumberMatch = search
            case "subject": list.filter.subject = search
            case "customerName": list.filter.customerName = search
            default: list.filter.find = search
            }
        }
        // A search page continues from a search cursor, which travels as `after` so that the API's `cursor` parsing
        // above (made before the page's own search field is known) never sees it.
        if list.filter.text != nil || list.filter.find != nil, let token = value("after") { try list.continueFrom(token) }
    }

    /// The list's filters as `POST /api/v1/exports` takes them: the inbox's search field mapped to the API's
    /// (`find` for every field and for order numbers, which it finds by prefix and digits as the page does).
    func exportParameters() -> [String: String] {
        var parameters = values
        if !search.isEmpty {
            switch field {
            case "text": parameters["q"] = search
            case "subject": parameters["subject"] = search
            case "customerName": parameters["customerName"] = search
            default: parameters["find"] = search
            }
        }
        return parameters
    }

    /// The pairs that reproduce this list, with some replaced (nil removes).
    func pairs(replacing overrides: [String: String?] = [:]) -> [(String, String?)] {
        var merged: [String: String?] = values.mapValues { $0 }
        merged["field"] = search.isEmpty ? nil : field
        merged["search"] = search
        for (key, value) in overrides { merged[key] = value }
        let order = [
            "folder", "merchantID", "storeID", "platform", "kind", "assignee", "risk", "sort", "field", "search", "cursor", "after",
        ]
        return order.compactMap { key in merged[key].map { (key, $0) } }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
