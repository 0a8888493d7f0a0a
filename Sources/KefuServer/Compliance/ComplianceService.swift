import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Every outbound message passes here before it is stored for sending; buyers' messages get their risk flags here.
struct ComplianceService {
    let db: any Database
    let book: ComplianceBook

    /// Whose rules a check applies: a conversation's (with its order's context), a store's, or a platform's.
    enum Target {
        case conversation(UUID)
        case store(UUID)
        case platform(String)
    }

    /// The guard's report for `text` as typed (offsets refer to it) under `target`'s rules and the viewer's workspace.
    func check(_ text: String, against target: Target, by viewer: Viewer) async throws -> ComplianceReport {
        _ = try ConversationService.checkedBody(text, field: "text")
        var context = ComplianceContext.none
        let platform: Platform
        switch target {
        case .conversation(let id):
            let sql = db.sql
            let record = try await sql.conversation(id, visibleTo: viewer)
            platform = record.platform
            context = try await self.context(of: record, on: sql)
        case .store(let id):
            let store = try await db.sql.store(id, visibleTo: viewer)
            platform = store.platform
            context.shopHosts = Self.shopHosts(store.shopAddress)
        case .platform(let name):
            platform = try Platform.named(name)
        }
        let guarded = try await book.outboundGuard(for: platform, workspace: viewer.workspaceID, on: db.sql)
        return guarded.checkOfferingFixes(text, context: context)
    }

    /// Stops a blocked message, and a warned one the sender did not acknowledge; otherwise returns what to store on
    /// the message (nil for a clean pass). `typedOffset` points a rejection's findings back at what was typed.
    func vet(
        _ text: String, in record: ConversationRecord, acknowledgeWarnings: Bool, typedOffset: Int = 0, on db: any SQLDatabase
    ) async throws -> String? {
        let context = try await context(of: record, on: db)
        let guarded = try await book.outboundGuard(for: record.platform, workspace: record.workspaceID, on: db)
        let report = guarded.check(text, context: context)
        switch report.verdict {
        case .pass: return nil
        case .block: throw ComplianceRejection(report: report, typedOffset: typedOffset)
        case .warn:
            guard acknowledgeWarnings else { throw ComplianceRejection(report: report, typedOffset: typedOffset) }
        }
        let stored = MessageCompliance(verdict: report.verdict, acknowledged: acknowledgeWarnings, findings: report.findings)
        return String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
    }

    /// The order's numbers and the buyer's other orders may be quoted, another buyer's order may not; the buyer's phone
    /// number and address may not be repeated in full. Where the platform forbids other shops' links, the store's own
    /// shop is the one that may be linked.
    func context(of record: ConversationRecord, on db: any SQLDatabase) async throws -> ComplianceContext {
        var context = ComplianceContext.none
        if book.rules.checksShopLinks(on: record.platform),
            let store = try await db.raw("SELECT shop_address FROM stores WHERE id = \(bind: record.storeID)").first()
        {
            context.shopHosts = Self.shopHosts(try store.decode(column: "shop_address", as: String?.self))
        }
        guard let number = record.state.orderNumber else { return context }
        context.orderNumbers = [number]
        context.customerOrders = [number]
        if let order = try await db.raw("""
            SELECT tracking_number, buyer_phone, shipping_address, customer_external_id FROM orders
            WHERE store_id = \(bind: record.storeID) AND number = \(bind: number)
            """).first() {
            if let tracking = try order.decode(column: "tracking_number", as: String?.self) { context.orderNumbers.append(tracking) }
            if let phone = try order.decode(column: "buyer_phone", as: String?.self) { context.customerPhones.append(phone) }
            context.customerAddress = try order.decode(column: "shipping_address", as: String?.self)
            if let buyer = try order.decode(column: "customer_external_id", as: String?.self) {
                context.customerOrders = try await db.raw("""
                    SELECT number FROM orders WHERE store_id = \(bind: record.storeID) AND customer_external_id = \(bind: buyer)
                    ORDER BY updated_at DESC LIMIT 500
                    """).all().map { try $0.decode(column: "number", as: String.self) }
                if !context.customerOrders.contains(number) { context.customerOrders.append(number) }
            }
        }
        return context
    }

    static func shopHosts(_ address: String?) -> [String] {
        address.flatMap(ShopLinkRule.host(ofShopAddress:)).map { [$0] } ?? []
    }

    /// An inbound message's risk flags (`suspiciousLink,phishing`), or nil when it carries none.
    static func riskFlags(of text: String, platform: Platform, book: ComplianceBook) -> String? {
        let findings = book.inboundGuard(for: platform).check(text).findings
        guard !findings.isEmpty else { return nil }
        var seen: [String] = []
        for finding in findings where !seen.contains(finding.category.rawValue) { seen.append(finding.category.rawValue) }
        return seen.joined(separator: ",")
    }
}
