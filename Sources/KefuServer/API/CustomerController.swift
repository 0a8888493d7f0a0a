import Fluent
import Foundation
import KefuCore
import Vapor

/// A buyer across the merchant's stores: `GET /customers/{id}`, `POST /customers/{id}/merge {"into": id}`,
/// `POST /customers/{id}/split` to take a merge back, and the buyer's privacy requests (`personal-data`, `redact`).
struct CustomerController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        let customers = routes.grouped("customers")
        customers.get(":customerID", use: profile)
        customers.post(":customerID", "merge", use: merge)
        customers.post(":customerID", "split", use: split)
        customers.get(":customerID", "personal-data", use: personalData)
        customers.post(":customerID", "redact", use: redact)
    }

    /// Everything Kefu holds about the buyer, for their request to see it (admins; audited).
    @Sendable func personalData(req: Request) async throws -> Response {
        let export = try await deps.customerPrivacy(on: req.db).export(try req.parameters.requireUUID("customerID"), by: try req.viewer)
        let response = try await export.encodeResponse(for: req)
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"customer-\(export.person.uuidString.lowercased()).json\"")
        return response
    }

    /// The buyer's personal data masked everywhere it is stored; what was said stays (admins; audited).
    @Sendable func redact(req: Request) async throws -> CustomerPrivacy.Redaction {
        try await deps.customerPrivacy(on: req.db).redact(try req.parameters.requireUUID("customerID"), by: try req.viewer)
    }

    @Sendable func split(req: Request) async throws -> CustomerDTO {
        let viewer = try req.viewer
        let profile = try await deps.customers(on: req.db).split(try req.parameters.requireUUID("customerID"), by: viewer)
        return try await CustomerDTO(profile, viewer: viewer, deps: deps, db: req.db)
    }

    struct Merge: Content {
        let into: UUID
    }

    @Sendable func profile(req: Request) async throws -> CustomerDTO {
        let viewer = try req.viewer
        let profile = try await deps.customers(on: req.db).profile(try req.parameters.requireUUID("customerID"), for: viewer)
        return try await CustomerDTO(profile, viewer: viewer, deps: deps, db: req.db)
    }

    @Sendable func merge(req: Request) async throws -> CustomerDTO {
        let viewer = try req.viewer
        let body = try req.content.decode(Merge.self)
        let profile = try await deps.customers(on: req.db).merge(
            try req.parameters.requireUUID("customerID"), into: body.into, by: viewer)
        return try await CustomerDTO(profile, viewer: viewer, deps: deps, db: req.db)
    }
}

/// A buyer as the API shows them: the person, their records in each store, conversations, orders and risks.
struct CustomerDTO: Content {
    typealias Record = CustomerService.Record

    /// The id all of the person's records share.
    let person: UUID
    let name: String
    let languages: [String]
    let records: [Record]
    let conversations: [ConversationDTO]
    let orders: [OrderDTO]
    /// Flagged buyer messages by kind (`suspiciousLink`, `paymentRequest`, `phishing`).
    let risks: [String: Int]
    /// Other people with the same name a supervisor may merge into this one.
    let sameName: [Record]

    init(_ profile: CustomerService.Profile, viewer: Viewer, deps: Dependencies, db: any Database) async throws {
        person = profile.customer.person
        name = profile.customer.name
        var seen = Set<String>()
        languages = profile.records.compactMap(\.language).filter { seen.insert($0).inserted }
        records = profile.records
        let reader = try await SLAReader.load(
            for: Array(Set(profile.conversations.map(\.storeID))), policies: deps.policies, at: deps.clock.now(), on: db.sql)
        let labels = try await deps.queries(on: db).customLabels(of: profile.conversations.map(\.id))
        conversations = profile.conversations.map { ConversationDTO($0, customLabels: labels[$0.id] ?? [], sla: reader.read($0)) }
        orders = profile.orders.map(OrderDTO.init)
        risks = Dictionary(uniqueKeysWithValues: profile.risks.map { ($0.key.rawValue, $0.value) })
        sameName = profile.sameName
    }
}
