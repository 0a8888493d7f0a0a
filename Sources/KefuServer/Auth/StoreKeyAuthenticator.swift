import Fluent
import KefuCore
import NIOConcurrencyHelpers
import Vapor

/// The store a connector delivers for, identified by the store's ingestion key.
struct IngestingStore: Authenticatable, Sendable {
    let storeID: UUID
    let workspaceID: UUID
    let merchantID: UUID
    let platform: Platform
}

/// Signs a connector in from `Authorization: Bearer <ingestion key>`.
///
/// Known keys are remembered in memory: connectors call once per message, and a store's key and identity do not
/// change while it exists. Unknown keys are looked up every time, so a store created by another instance is found.
struct StoreKeyAuthenticator: BearerAuthenticator {
    let known: NIOLockedValueBox<[String: IngestingStore]>

    func authenticate(bearer: BearerAuthorization, for request: Request) -> EventLoopFuture<Void> {
        let hash = Secrets.hash(bearer.token)
        let known = known
        return request.signIn(cached: known.withLockedValue { $0[hash] }) {
            guard let model = try await StoreModel.query(on: request.db).filter(\.$ingestionKeyHash == hash).first() else {
                return nil
            }
            let platform = try model.platform
            let store = IngestingStore(
                storeID: try model.requireID(), workspaceID: model.workspaceID, merchantID: model.merchantID,
                platform: platform)
            known.withLockedValue { $0[hash] = store }
            return store
        }
    }
}

struct RequireIngestingStore: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.auth.has(IngestingStore.self) else {
            return request.eventLoop.makeFailedFuture(KefuError(
                code: "unknown_store_key", status: 401,
                message: "Send the store's ingestion key as a bearer token (kefu store add prints it)."))
        }
        return next.respond(to: request)
    }
}
