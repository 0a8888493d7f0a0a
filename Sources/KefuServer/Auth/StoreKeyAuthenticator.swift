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
    func authenticate(bearer: BearerAuthorization, for request: Request) -> EventLoopFuture<Void> {
        let hash = Secrets.hash(bearer.token)
        let app = request.application
        return request.signIn(cached: app.knownStoreKeys.withLockedValue { $0[hash] }) {
            guard let model = try await StoreModel.query(on: app.db).filter(\.$ingestionKeyHash == hash).first(),
                let platform = model.platform
            else { return nil }
            let store = IngestingStore(
                storeID: try model.requireID(), workspaceID: model.workspaceID, merchantID: model.merchantID,
                platform: platform)
            app.knownStoreKeys.withLockedValue { $0[hash] = store }
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

extension Application {
    private struct KnownStoreKeysKey: StorageKey {
        typealias Value = NIOLockedValueBox<[String: IngestingStore]>
    }

    /// Ingestion-key hashes already resolved to their store; set up once by `configure`.
    var knownStoreKeys: NIOLockedValueBox<[String: IngestingStore]> {
        get {
            guard let known = storage[KnownStoreKeysKey.self] else {
                preconditionFailure("configure(_:) sets up the store-key cache")
            }
            return known
        }
        set { storage[KnownStoreKeysKey.self] = newValue }
    }
}
