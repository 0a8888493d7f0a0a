import Fluent
import Foundation
import KefuCore
import Vapor

/// Creates workspaces, merchants, stores and users: what an administrator (or a setup script) does first.
struct TenancyService {
    let db: any Database
    let transactions: WriteTransactions
    let passwords: PasswordHashing
    let passwordPolicy: PasswordPolicy
    let compliance: ComplianceBook

    struct CreatedStore: Content {
        let id: UUID
        let ingestionKey: String
    }

    func addWorkspace(named name: String) async throws -> WorkspaceModel {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            throw KefuError.invalid("invalid_name", "A workspace name is 1–100 characters.")
        }
        if try await WorkspaceModel.named(trimmed, on: db) != nil {
            throw KefuError.conflict("workspace_exists", "A workspace named \(trimmed) already exists.")
        }
        let workspace = WorkspaceModel(name: trimmed)
        try await workspace.create(on: db)
        return workspace
    }

    func workspace(named name: String) async throws -> WorkspaceModel {
        guard let workspace = try await WorkspaceModel.named(name, on: db) else {
            throw KefuError.notFound("workspace named \(name)")
        }
        return workspace
    }

    /// Finds the merchant by name in the workspace, creating it on first use.
    func merchant(named name: String, in workspace: WorkspaceModel) async throws -> MerchantModel {
        let workspaceID = try workspace.requireID()
        if let existing = try await MerchantModel.query(on: db)
            .filter(\.$workspaceID == workspaceID).filter(\.$name == name).first()
        {
            return existing
        }
        let merchant = MerchantModel(workspaceID: workspaceID, name: name)
        try await merchant.create(on: db)
        return merchant
    }

    func addStore(
        workspace: WorkspaceModel, merchantName: String, platform: Platform, name: String, region: String?,
        timeZone: String, shopAddress: String? = nil
    ) async throws -> CreatedStore {
        let shopAddress = try compliance.rules.checkedShopAddress(shopAddress, on: platform)
        guard TimeZone(identifier: timeZone) != nil else {
            throw KefuError.invalid("invalid_timezone", "\(timeZone) is not an IANA time zone such as Asia/Shanghai.")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw KefuError.invalid("invalid_name", "A store needs a name.")
        }
        let merchant = try await merchant(named: merchantName, in: workspace)
        let key = Secrets.make(prefix: "kfi_")
        let store = StoreModel(
            workspaceID: try workspace.requireID(), merchantID: try merchant.requireID(), platform: platform,
            region: region, name: name, timeZone: timeZone, ingestionKeyHash: Secrets.hash(key), shopAddress: shopAddress)
        try await transactions.run(on: db) { tx in
            try await store.create(on: tx.db)
            try await FolderCounts.addStore(
                try store.requireID(), workspace: store.workspaceID, merchant: store.merchantID, platform: platform,
                on: tx.sql)
        }
        return CreatedStore(id: try store.requireID(), ingestionKey: key)
    }

    /// Sets or clears (nil) the store's own shop address; admins only, audited.
    func setShopAddress(_ address: String?, of storeID: UUID, by viewer: Viewer) async throws -> StoreModel {
        try viewer.require(.administer)
        guard viewer.canSee(storeID: storeID), let store = try await StoreModel.find(storeID, on: db),
            store.workspaceID == viewer.workspaceID
        else { throw KefuError.notFound("store") }
        let platform = try store.platform
        store.shopAddress = try compliance.rules.checkedShopAddress(address, on: platform)
        try await transactions.run(on: db) { tx in
            try await store.update(on: tx.db)
            try await AuditLog.record(
                "store_shop_address_set", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["store": storeID.uuidString, "shopAddress": store.shopAddress ?? ""], at: tx.now, on: tx.sql)
        }
        return store
    }

    func addUser(
        workspace: WorkspaceModel, email: String, name: String?, role: Role, password: String, storeIDs: [UUID],
        merchantIDs: [UUID]
    ) async throws -> UserModel {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard normalized.contains("@"), normalized.count <= 200 else {
            throw KefuError.invalid("invalid_email", "\(email) is not an e-mail address.")
        }
        if let problem = passwordPolicy.problem(with: password, email: normalized) {
            throw KefuError.invalid("weak_password", PasswordPolicy.message(for: problem))
        }
        if try await UserModel.query(on: db).filter(\.$email == normalized).first() != nil {
            throw KefuError.conflict("user_exists", "A user with e-mail \(normalized) already exists.")
        }
        let workspaceID = try workspace.requireID()
        for storeID in storeIDs {
            guard let store = try await StoreModel.find(storeID, on: db), store.workspaceID == workspaceID else {
                throw KefuError.notFound("store \(storeID)")
            }
        }
        let hash = try await passwords.hash(password)
        let user = UserModel(
            workspaceID: workspaceID, email: normalized, name: name ?? String(normalized.prefix { $0 != "@" }),
            role: role, passwordHash: hash)
        try await transactions.run(on: db) { tx in
            let db = tx.db
            try await user.create(on: db)
            let userID = try user.requireID()
            for storeID in storeIDs { try await UserScopeModel(userID: userID, storeID: storeID).create(on: db) }
            for merchantID in merchantIDs { try await UserScopeModel(userID: userID, merchantID: merchantID).create(on: db) }
        }
        return user
    }
}
