import Foundation
import KefuCore
import Vapor

/// The connector-facing API, authenticated by a store's ingestion key.
struct IngestController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "ingest", body: .collect(maxSize: "8mb"), use: ingest)
        routes.on(.POST, "ingest", "orders", body: .collect(maxSize: "8mb"), use: ingestOrders)
        routes.get("outbox", use: outbox)
        routes.post("outbox", ":messageID", use: report)
    }

    @Sendable func ingest(req: Request) async throws -> IngestResponse {
        let store = try req.auth.require(IngestingStore.self)
        let messages = try req.content.decode(IngestPayload.self).incoming(now: deps.clock.now())
        let result = try await deps.ingestService().ingest(messages, into: store)
        deps.metrics.ingested(result.accepted, platform: store.platform.rawValue)
        return IngestResponse(accepted: result.accepted, duplicates: result.duplicates)
    }

    struct OrdersPayload: Content {
        let orders: [OrderInput]
    }

    struct OrdersResponse: Content {
        let upserted: Int
    }

    @Sendable func ingestOrders(req: Request) async throws -> OrdersResponse {
        let store = try req.auth.require(IngestingStore.self)
        let payload = try req.content.decode(OrdersPayload.self)
        return OrdersResponse(upserted: try await deps.orders(on: req.db).upsert(payload.orders, for: store))
    }

    struct OutboxResponse: Content {
        let items: [OutboxService.PendingMessage]
    }

    @Sendable func outbox(req: Request) async throws -> OutboxResponse {
        let store = try req.auth.require(IngestingStore.self)
        let limit = min(max(req.query[Int.self, at: "limit"] ?? 100, 1), 500)
        return OutboxResponse(items: try await deps.outbox(on: req.db).pending(for: store, limit: limit))
    }

    struct DeliveryReport: Content {
        let state: DeliveryState
        let error: String?
        let externalID: String?
    }

    struct DeliveryDTO: Content {
        let messageID: UUID
        let state: DeliveryState
        let attempts: Int
        let error: String?
    }

    @Sendable func report(req: Request) async throws -> DeliveryDTO {
        let store = try req.auth.require(IngestingStore.self)
        let input = try req.content.decode(DeliveryReport.self)
        let delivery = try await deps.outbox(on: req.db).report(
            try req.parameters.requireUUID("messageID"), state: input.state, error: input.error,
            externalID: input.externalID, for: store)
        return DeliveryDTO(delivery)
    }
}

extension IngestController.DeliveryDTO {
    init(_ record: DeliveryRecord) {
        self.init(messageID: record.messageID, state: record.state, attempts: record.attempts, error: record.lastError)
    }
}

extension Parameters {
    /// A path parameter that must be a UUID; anything else cannot name a visible row, so it answers 404.
    func requireUUID(_ name: String) throws -> UUID {
        guard let raw = get(name), let id = UUID(uuidString: raw) else { throw KefuError.notFound(name.replacingOccurrences(of: "ID", with: "")) }
        return id
    }
}
