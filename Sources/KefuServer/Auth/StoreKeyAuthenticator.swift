import Fluent
import KefuCore
import Vapor

/// The store a connector delivers for, identified by the store's ingestion key.
struct IngestingStore: Authenticatable, Sendable {
    let storeID: UUID
    let workspaceID: UUID
    let merchantID: UUID
    let platform: Platform
}

/// Signs a connector in from `Authorization: Bearer <ingestion key>`.
struct StoreKeyAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = Secrets.hash(bearer.token)
        guard let store = try await StoreModel.query(on: request.db).filter(\.$ingestionKeyHash == hash).first(),
            let platform = store.platform
        else { return }
        request.auth.login(
            IngestingStore(
                storeID: try store.requireID(), workspaceID: store.workspaceID, merchantID: store.merchantID,
                platform: platform))
    }
}

struct RequireIngestingStore: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(IngestingStore.self) else {
            throw KefuError(
                code: "unknown_store_key", status: 401,
                message: "Send the store's ingestion key as a bearer token (kefu store add prints it).")
        }
        return try await next.respond(to: request)
    }
}
