import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// A buyer as one person across the merchant's stores: every customer record of theirs the viewer may see, their
/// conversations and orders, the languages they write and the risks their messages carried. A person is
/// `COALESCE(person_id, id)`: records with the same platform id in the merchant's stores on one platform are one person
/// from their first message; a supervisor merges others (a buyer on Tmall and on JD), audited.
struct CustomerService {
    let db: any Database
    let transactions: WriteTransactions

    /// One customer record: a buyer as one store knows them.
    struct Record: Content {
        let id: UUID
        let storeID: UUID
        let platform: Platform
        let externalID: String
        let name: String
        let language: String?
        let person: UUID
    }

    struct Profile: Sendable {
        let customer: Record
        let records: [Record]
        /// Newest first, at most `conversationLimit`.
        let conversations: [ConversationRecord]
        let orders: [OrderModel]
        /// How many of their messages the guard flagged, by kind.
        let risks: [ComplianceCategory: Int]
        /// Other people with the same name, whom a supervisor may merge into this one.
        let sameName: [Record]
    }

    static let conversationLimit = 100

    /// The person of each platform id that the merchant's stores on `platform` already know.
    static func persons(
        of externalIDs: [String], merchant: UUID, platform: Platform, on db: any SQLDatabase
    ) async throws -> [String: UUID] {
        var persons: [String: UUID] = [:]
        for chunk in externalIDs.chunked(by: 500) where !chunk.isEmpty {
            let rows = try await db.raw("""
                SELECT c.external_id, COALESCE(c.person_id, c.id) AS person FROM customers c JOIN stores s ON s.id = c.store_id
                WHERE s.merchant_id = \(bind: merchant) AND s.platform = \(bind: platform.rawValue)
                AND c.external_id IN (\(binds: Array(chunk)))
                """).all()
            for row in rows {
                persons[try row.decode(column: "external_id", as: String.self)] = try row.decode(column: "person", as: UUID.self)
            }
        }
        return persons
    }

    func profile(_ customerID: UUID, for viewer: Viewer) async throws -> Profile {
        let sql = db.sql
        let customer = try await record(customerID, for: viewer)
        let records = try await personRecords(customer, for: viewer)
        let conversations = try await sql.raw(
            "SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.customer_id IN (\(binds: records.map(\.id))) AND "
                + viewer.scopeCondition("c")
                + " ORDER BY c.last_message_at DESC, c.id DESC LIMIT \(unsafeRaw: String(Self.conversationLimit))"
        ).all().map(ConversationRecord.init(row:))
        var orders = try await ordersQuery(of: records).all()
        orders.sort { ($0.placedAt ?? .distantPast) > ($1.placedAt ?? .distantPast) }
        var risks: [ComplianceCategory: Int] = [:]
        if !conversations.isEmpty {
            let rows = try await sql.raw("""
                SELECT risk_flags FROM messages WHERE conversation_id IN (\(binds: conversations.map(\.id))) AND risk_flags IS NOT NULL
                """).all()
            for row in rows {
                for flag in try row.decode(column: "risk_flags", as: String.self).split(separator: ",") {
                    if let category = ComplianceCategory(rawValue: String(flag)) { risks[category, default: 0] += 1 }
                }
            }
        }
        let sameName = try await Self.records(
            where: "LOWER(c.name) = LOWER(\(bind: customer.name)) AND COALESCE(c.person_id, c.id) <> \(bind: customer.person)",
            for: viewer, on: sql, limit: 10)
        return Profile(
            customer: customer, records: records, conversations: conversations, orders: orders, risks: risks,
            sameName: sameName)
    }

    /// How much history the buyer has, for the thread's customer panel.
    func summary(_ customerID: UUID, for viewer: Viewer) async throws -> (conversations: Int, orders: Int) {
        let sql = db.sql
        let customer = try await record(customerID, for: viewer)
        let records = try await personRecords(customer, for: viewer)
        let conversations = try await sql.raw(
            "SELECT COUNT(*) AS n FROM conversations c WHERE c.customer_id IN (\(binds: records.map(\.id))) AND "
                + viewer.scopeCondition("c")
        ).first()?.decode(column: "n", as: Int.self) ?? 0
        return (conversations, try await ordersQuery(of: records).count())
    }

    /// Makes `customerID`'s person and `targetID`'s one: every record of the first now belongs to the second.
    func merge(_ customerID: UUID, into targetID: UUID, by viewer: Viewer) async throws -> Profile {
        try viewer.require(.mergeCustomers)
        let source = try await record(customerID, for: viewer)
        let target = try await record(targetID, for: viewer)
        guard source.person != target.person else {
            throw KefuError.conflict("already_merged", "These customer records are already one person.")
        }
        try await transactions.run(on: db) { tx in
            try await tx.sql.raw("""
                UPDATE customers SET person_id = \(bind: target.person)
                WHERE person_id = \(bind: source.person) OR id = \(bind: source.person)
                """).run()
            try await AuditLog.record(
                "customers_merged", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["from": source.person.uuidString, "into": target.person.uuidString, "name": source.name],
                at: tx.now, on: tx.sql)
        }
        return try await profile(targetID, for: viewer)
    }

    /// Takes a merge back: `customerID`'s record, with the records that share its platform id in the merchant's stores
    /// on its platform (one person from the start), becomes a person of its own again; the rest stay together.
    /// Returns the profile of the record split off.
    func split(_ customerID: UUID, by viewer: Viewer) async throws -> Profile {
        try viewer.require(.mergeCustomers)
        let customer = try await record(customerID, for: viewer)
        try await transactions.run(on: db) { tx in
            // Every record of the person, whatever the viewer's scope: a person is split whole, as it was merged.
            let rows = try await tx.sql.raw("""
                SELECT c.id, c.external_id, s.merchant_id, s.platform FROM customers c JOIN stores s ON s.id = c.store_id
                WHERE c.workspace_id = \(bind: viewer.workspaceID)
                AND (c.person_id = \(bind: customer.person) OR c.id = \(bind: customer.person))
                ORDER BY c.created_at, c.id
                """).all()
            let merchant = try rows.first { try $0.decode(column: "id", as: UUID.self) == customer.id }?
                .decode(column: "merchant_id", as: UUID.self)
            var own: [UUID] = []
            var rest: [UUID] = []
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let same = try row.decode(column: "external_id", as: String.self) == customer.externalID
                    && row.decode(column: "platform", as: String.self) == customer.platform.rawValue
                    && row.decode(column: "merchant_id", as: UUID.self) == merchant
                if same { own.append(id) } else { rest.append(id) }
            }
            guard !rest.isEmpty, let ownFirst = own.first, let restFirst = rest.first else {
                throw KefuError.conflict("not_merged", "This customer record was never merged with another; there is nothing to split.")
            }
            // The side without the person's id gets its first record's id as its own.
            let moving = own.contains(customer.person) ? rest : own
            let anchor = own.contains(customer.person) ? restFirst : ownFirst
            try await tx.sql.raw("UPDATE customers SET person_id = \(bind: anchor) WHERE id IN (\(binds: moving))").run()
            try await AuditLog.record(
                "customers_split", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["from": customer.person.uuidString, "customer": customer.id.uuidString, "name": customer.name],
                at: tx.now, on: tx.sql)
        }
        return try await profile(customerID, for: viewer)
    }

    /// The orders of these records: each store knows the buyer by its own platform id.
    private func ordersQuery(of records: [Record]) -> QueryBuilder<OrderModel> {
        OrderModel.query(on: db).group(.or) { any in
            for record in records {
                any.group(.and) { both in
                    both.filter(\.$storeID == record.storeID).filter(\.$customerExternalID == record.externalID)
                }
            }
        }
    }

    /// Every record of the person `customerID` belongs to that the viewer may see.
    func personRecords(of customerID: UUID, for viewer: Viewer) async throws -> [Record] {
        try await personRecords(try await record(customerID, for: viewer), for: viewer)
    }

    /// Every record of `customer`'s person the viewer may see.
    private func personRecords(_ customer: Record, for viewer: Viewer) async throws -> [Record] {
        try await Self.records(
            where: "(c.person_id = \(bind: customer.person) OR c.id = \(bind: customer.person))", for: viewer, on: db.sql)
    }

    private func record(_ id: UUID, for viewer: Viewer) async throws -> Record {
        guard let found = try await Self.records(where: "c.id = \(bind: id)", for: viewer, on: db.sql).first else {
            throw KefuError.notFound("customer")
        }
        return found
    }

    private static func records(
        where condition: SQLQueryString, for viewer: Viewer, on sql: any SQLDatabase, limit: Int = 200
    ) async throws -> [Record] {
        var scope: SQLQueryString = "c.workspace_id = \(bind: viewer.workspaceID)"
        if let stores = viewer.visibleStoreIDs {
            scope = stores.isEmpty ? "1 = 0" : scope + " AND c.store_id IN (\(binds: Array(stores)))"
        }
        return try await sql.raw("""
            SELECT c.id, c.store_id, s.platform, c.external_id, c.name, c.language, COALESCE(c.person_id, c.id) AS person
            FROM customers c JOIN stores s ON s.id = c.store_id
            """ + " WHERE " + scope + " AND " + condition + " ORDER BY c.created_at, c.id LIMIT \(unsafeRaw: String(limit))"
        ).all().map { row in
            Record(
                id: try row.decode(column: "id", as: UUID.self), storeID: try row.decode(column: "store_id", as: UUID.self),
                platform: try Platform.stored(try row.decode(column: "platform", as: String.self), in: "stores.platform"),
                externalID: try row.decode(column: "external_id", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                language: try row.decode(column: "language", as: String?.self),
                person: try row.decode(column: "person", as: UUID.self))
        }
    }
}
