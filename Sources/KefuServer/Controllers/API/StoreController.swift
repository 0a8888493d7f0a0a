import Fluent
import Foundation
import KefuCore
import Vapor

/// The merchants and stores a user can see, for filters and pickers.
struct StoreController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("stores", use: stores)
    }

    struct StoreDTO: Content {
        let id: UUID
        let merchantID: UUID
        let merchantName: String
        let platform: String
        let region: String?
        let name: String
        let timezone: String
    }

    struct StoresResponse: Content {
        let items: [StoreDTO]
    }

    @Sendable func stores(req: Request) async throws -> StoresResponse {
        let viewer = try req.viewer
        let stores = try await StoreModel.query(on: req.db).filter(\.$workspaceID == viewer.workspaceID)
            .sort(\.$name).all().filter { store in store.id.map(viewer.canSee(storeID:)) ?? false }
        let merchants = try await MerchantModel.query(on: req.db).filter(\.$workspaceID == viewer.workspaceID).all()
        let names = Dictionary(uniqueKeysWithValues: merchants.compactMap { m in m.id.map { ($0, m.name) } })
        return StoresResponse(items: try stores.map { store in
            StoreDTO(
                id: try store.requireID(), merchantID: store.merchantID, merchantName: names[store.merchantID] ?? "",
                platform: store.platformID, region: store.region, name: store.name, timezone: store.timeZone)
        })
    }
}
