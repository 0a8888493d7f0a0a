import Fluent
import Foundation
import KefuCore
import Vapor

/// The merchants and stores a user can see, for filters and pickers, and a store's settings.
struct StoreController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get("stores", use: stores)
        routes.patch("stores", ":storeID", use: update)
    }

    struct StoreDTO: Content {
        let id: UUID
        let merchantID: UUID
        let merchantName: String
        let platform: String
        let region: String?
        let name: String
        let timezone: String
        /// The store's own shop link on its marketplace; the one shop link replies may carry on Tmall.
        let shopAddress: String?

        init(_ store: StoreModel, merchantName: String) throws {
            id = try store.requireID()
            merchantID = store.merchantID
            self.merchantName = merchantName
            platform = store.platformID
            region = store.region
            name = store.name
            timezone = store.timeZone
            shopAddress = store.shopAddress
        }
    }

    /// The settings a store's PATCH may change; a key left out stays as it is, null clears it.
    struct StoreChanges: Decodable {
        let shopAddress: String??

        enum CodingKeys: String, CodingKey { case shopAddress }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            shopAddress = container.contains(.shopAddress) ? .some(try container.decode(String?.self, forKey: .shopAddress)) : nil
        }
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
        return StoresResponse(items: try stores.map { store in try StoreDTO(store, merchantName: names[store.merchantID] ?? "") })
    }

    @Sendable func update(req: Request) async throws -> StoreDTO {
        let viewer = try req.viewer
        let storeID = try req.parameters.requireUUID("storeID")
        let changes = try req.content.decode(StoreChanges.self)
        guard let shopAddress = changes.shopAddress else {
            throw KefuError.invalid("missing_field", "Send the settings to change, e.g. {\"shopAddress\": \"https://yourshop.tmall.com\"}.")
        }
        let store = try await deps.tenancy(on: req.db).setShopAddress(shopAddress, of: storeID, by: viewer)
        let merchant = try await MerchantModel.find(store.merchantID, on: req.db)
        return try StoreDTO(store, merchantName: merchant?.name ?? "")
    }
}
