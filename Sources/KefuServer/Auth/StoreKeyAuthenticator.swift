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
struct StoreKeyAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = Secrets.hash(bearer.token)
        if let store = request.application.knownStoreKeys.withLockedValue({ $0[hash] }) {
            request.auth.login(store)
            return
        }
        guard let model = try await StoreModel.query(on: request.db).filter(\.$ingestionKeyHash == hash).first(),
            let platform = model.platform
        else { return }
        let store = IngestingStore(
            storeID: try model.requireID(), workspaceID: model.workspaceID, merchantID: model.merchantID,
            platform: platform)
        request.application.knownStoreKeys.withLockedValue { $0[hash] = store }
        request.auth.login(store)
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
