import Foundation
import KefuCore
import Vapor

/// A store's platform policy, and the reply-performance scoreboards computed with it.
struct PolicyController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        let store = routes.grouped("stores", ":storeID")
        store.get("policy", use: show)
        store.put("policy", use: update)
        store.delete("policy", use: reset)
        store.get("performance", use: performance)
        routes.get("performance", use: performances)
    }

    struct PolicyDTO: Content {
        let storeID: UUID
        /// Whether the store edited its platform's shipped pack.
        let isCustomized: Bool
        let policy: ResponsePolicy

        init(_ policy: StorePolicy) {
            storeID = policy.storeID
            isCustomized = policy.isCustomized
            self.policy = policy.policy
        }
    }

    struct PerformanceListDTO: Content {
        let items: [StorePerformance]
    }

    @Sendable func show(req: Request) async throws -> PolicyDTO {
        PolicyDTO(try await service(req).policy(of: try req.parameters.requireUUID("storeID")))
    }

    @Sendable func update(req: Request) async throws -> PolicyDTO {
        guard let body = req.body.data else {
            throw KefuError.invalid("missing_body", "Send the policy document as JSON (GET it first, edit, PUT it back).")
        }
        if NULRejection.hasEscapedNUL(body.readableBytesView) { throw NULRejection.error }
        return PolicyDTO(try await service(req).update(try req.parameters.requireUUID("storeID"), document: Data(buffer: body)))
    }

    @Sendable func reset(req: Request) async throws -> PolicyDTO {
        PolicyDTO(try await service(req).reset(try req.parameters.requireUUID("storeID")))
    }

    @Sendable func performance(req: Request) async throws -> StorePerformance {
        let (from, to) = try period(req)
        return try await deps.performance(for: try req.viewer, on: req.db)
            .scoreboard(store: try req.parameters.requireUUID("storeID"), from: from, to: to)
    }

    @Sendable func performances(req: Request) async throws -> PerformanceListDTO {
        let (from, to) = try period(req)
        let merchant = try req.query[String.self, at: "merchantID"].map { text in
            guard let id = UUID(uuidString: text) else { throw KefuError.invalid("invalid_query", "merchantID must be a merchant id.") }
            return id
        }
        let platform = try req.query[String.self, at: "platform"].map { try Platform.named($0) }
        return PerformanceListDTO(
            items: try await deps.performance(for: try req.viewer, on: req.db)
                .scoreboards(merchantID: merchant, platform: platform, from: from, to: to))
    }

    private func service(_ req: Request) throws -> StorePolicyService {
        deps.storePolicies(for: try req.viewer, on: req.db)
    }

    private func period(_ req: Request) throws -> (Date?, Date?) {
        func date(_ key: String) throws -> Date? {
            guard let text = req.query[String.self, at: key] else { return nil }
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw KefuError.invalid("invalid_query", "\(key) must be an ISO 8601 time such as 2026-11-01T00:00:00Z.")
            }
            return date
        }
        return (try date("from"), try date("to"))
    }
}
