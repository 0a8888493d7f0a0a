import Foundation
import KefuCore
import Vapor

/// `GET /customers/{id}`: a buyer across the merchant's stores — their records, conversations, orders and risks — and
/// for supervisors, the customers of the same name they may merge into this one, and a way to split a merge back.
struct CustomerPageController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.customer, use: show)
    }

    struct CustomerPage: Encodable {
        struct Record: Encodable {
            let id: UUID
            let platform: String
            let store: String
            let externalID: String
            let name: String
        }

        struct Order: Encodable {
            let number: String
            let status: String
            let total: String
            let placed: String?
            let store: String
        }

        let chrome: PageChrome
        let id: UUID
        let name: String
        let languages: String?
        let records: [Record]
        let conversationsTitle: String
        let rowsHTML: String
        let ordersTitle: String
        let orders: [Order]
        let risks: [String]
        let hasRisks: Bool
        let mayMerge: Bool
        let sameName: [Record]
        /// Whether the person joins records of different platform ids (a merge) that a supervisor may split apart.
        let maySplit: Bool
        /// Admins answer the buyer's requests about their data: download it, or redact it.
        let mayHandlePrivacy: Bool
    }

    @Sendable func show(req: Request) async throws -> Response {
        let viewer = try req.viewer
        let strings = deps.pageStrings
        let language = req.uiLanguage
        func t(_ key: String, _ values: [String: String] = [:]) -> String { strings.text(key, language, values) }
        async let directory = WorkspaceDirectory.load(for: viewer, on: req.db.sql)
        let profile = try await deps.customers(on: req.db).profile(try req.parameters.requireUUID("customerID"), for: viewer)
        let dto = try await CustomerDTO(profile, viewer: viewer, deps: deps, db: req.db)
        let names = try await directory
        let clock = req.readerClock(now: deps.clock.now())
        func record(_ r: CustomerDTO.Record) -> CustomerPage.Record {
            .init(id: r.id, platform: strings.platformName(r.platform, language), store: names.store(r.storeID)?.name ?? "",
                  externalID: r.externalID, name: r.name)
        }
        let rows = dto.conversations.map {
            InboxRow($0, order: .recent, directory: names, clock: clock, strings: strings, language: language)
        }
        let page = CustomerPage(
            chrome: try await PageChrome.load(req, viewer: viewer, strings: strings),
            id: profile.customer.id, name: dto.name,
            languages: dto.languages.isEmpty ? nil : dto.languages.joined(separator: ", "),
            records: dto.records.map(record),
            conversationsTitle: t("customer.conversations", ["n": "\(dto.conversations.count)"]),
            rowsHTML: InboxRowsHTML.render(rows, orderLabel: t("list.order")),
            ordersTitle: t("customer.orders", ["n": "\(dto.orders.count)"]),
            orders: profile.orders.map { order in
                CustomerPage.Order(
                    number: order.number, status: ConversationPage.orderStatus(order.status, { t($0) }),
                    total: ConversationPage.money(order.totalMinor, order.currency), placed: order.placedAt.map(clock.dateTime),
                    store: names.store(order.storeID)?.name ?? "")
            },
            risks: dto.risks.sorted { $0.key < $1.key }.map { t("customer.risk", ["kind": t("risk.short.\($0.key)"), "n": "\($0.value)"]) },
            hasRisks: !dto.risks.isEmpty,
            mayMerge: viewer.role.may(.mergeCustomers) && !dto.sameName.isEmpty,
            sameName: dto.sameName.map(record),
            maySplit: viewer.role.may(.mergeCustomers)
                && Set(dto.records.map { "\($0.platform.rawValue)\u{1F}\($0.externalID)" }).count > 1,
            mayHandlePrivacy: viewer.role.may(.administer))
        return try await req.view.render("customer", page).encodeResponse(for: req)
    }
}
