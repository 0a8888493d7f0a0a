import Foundation
import KefuCore
import Vapor

/// Turns a page of conversations into `InboxPage`, in the request's language.
struct InboxPageBuilder {
    let req: Request
    let strings: PageStrings
    let viewer: Viewer
    let query: InboxQuery
    let directory: WorkspaceDirectory
    let clock: ReaderClock

    func rowsHTML(_ items: [ConversationDTO]) -> String {
        let language = req.uiLanguage
        let rows = items.map { InboxRow(
            $0, order: query.list.filter.order, directory: directory, clock: clock, strings: strings, language: language) }
        return InboxRowsHTML.render(
            rows, orderLabel: strings.text("list.order", language))
    }

    func page(_ items: [ConversationDTO], counts: [Folder: Int], nextCursor: String?) -> InboxPage {
        let language = req.uiLanguage
        let filter = query.list.filter
        func options(_ values: [(String, String)], selected: String?) -> [PageOption] {
            values.map { PageOption(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        let folders = Folder.allCases.map { folder in
            InboxPage.FolderLink(
                key: folder.rawValue, title: strings.text("folder.\(folder.rawValue)", language), count: counts[folder] ?? 0,
                href: SitePath.inbox(query.pairs(replacing: ["folder": folder == .all ? nil : folder.rawValue])),
                selected: folder == filter.folder)
        }
        let visiblePlatforms = Platform.allCases.filter { platform in directory.stores.contains { $0.platform == platform } }
        return InboxPage(
            chrome: PageChrome(req, viewer: viewer, unread: counts[.unread] ?? 0, strings: strings),
            folders: folders,
            merchants: options(directory.merchants.map { ($0.id.uuidString, $0.name) }, selected: filter.merchantID?.uuidString),
            stores: options(
                directory.stores.map { ($0.id.uuidString, "\($0.name) · \(strings.platformName($0.platform, language))") },
                selected: filter.storeID?.uuidString),
            platforms: options(
                visiblePlatforms.map { ($0.rawValue, strings.platformName($0, language)) }, selected: filter.platform?.rawValue),
            kinds: options(ConversationKind.allCases.map { ($0.rawValue, strings.text("kind.\($0.rawValue)", language)) }, selected: filter.kind?.rawValue),
            assignees: options(
                [("me", strings.text("assignee.me", language)), ("none", strings.text("assignee.none", language))]
                    + directory.users.map { ($0.id.uuidString, $0.name) },
                selected: query.values["assignee"]),
            risks: options(
                [("any", strings.text("risk.any", language))]
                    + ComplianceCategory.inbound.map { ($0.rawValue, strings.text("risk.short.\($0.rawValue)", language)) },
                selected: query.values["risk"]),
            sorts: options(
                ConversationFilter.ListOrder.allCases.reversed().map { ($0.rawValue, strings.text("sort.\($0.rawValue)", language)) },
                selected: filter.order.rawValue),
            fields: options(InboxQuery.searchFields.map { ($0, strings.text("search.field.\($0)", language)) }, selected: query.field),
            folder: filter.folder.rawValue,
            search: query.search,
            rowsHTML: rowsHTML(items),
            empty: items.isEmpty,
            nextHref: nextCursor.map { SitePath.inbox(query.pairs(replacing: [filter.text == nil && filter.find == nil ? "cursor" : "after": $0])) },
            listQuery: queryString(query.pairs()),
            sort: filter.order.rawValue,
            exportParameters: viewer.role.may(.exportInBulk)
                ? (try? JSONEncoder.sorted.encode(query.exportParameters())).map { String(decoding: $0, as: UTF8.self) } : nil)
    }
}
