import Fluent
import Foundation
import KefuCore
import SQLKit

/// Adding, reading, changing and removing a store's channels. Admins only; every change is audited; secrets are
/// sealed on the way in and never leave.
struct ChannelService {
    let db: any Database
    let transactions: WriteTransactions
    let secrets: SecretBox

    /// Who is acting: a signed-in admin, or the operator at the command line (`kefu channel add`).
    enum Actor {
        case viewer(Viewer)
        case commandLine

        var viewer: Viewer? {
            if case .viewer(let viewer) = self { return viewer }
            return nil
        }
    }

    func add(to storeID: UUID, input: ChannelInput, by actor: Actor) async throws -> ChannelRecord {
        let store = try await visibleStore(storeID, for: actor)
        let kind = input.kind
        guard kind != .demo || actor.viewer == nil else {
            throw KefuError.invalid("demo_only", "A simulated demo channel is made only by `kefu demo`, never on a real store.")
        }
        let resolved = try input.resolve()
        let sealed = try secrets.seal(resolved.secrets)
        let id = UUID()
        return try await transactions.run(on: db) { tx in
            try await tx.sql.insert(into: "channels")
                .columns("id", "workspace_id", "store_id", "kind", "settings", "secrets", "enabled", "status",
                         "backlog", "synced", "created_at", "updated_at")
                .values(id, store.workspaceID, storeID, kind.rawValue, try resolved.settings.json, sealed, true,
                        ChannelStatus.starting.rawValue, 0, 0, tx.now, tx.now)
                .run()
            try await AuditLog.record(
                "channel_added", conversation: nil, workspace: store.workspaceID, by: actor.viewer,
                detail: ["channel": id.uuidString, "store": storeID.uuidString, "kind": kind.rawValue,
                         "label": resolved.settings.label],
                at: tx.now, on: tx.sql)
            return try await Self.load(id, on: tx.sql)
        }
    }

    func list(store storeID: UUID, by actor: Actor) async throws -> [ChannelRecord] {
        _ = try await visibleStore(storeID, for: actor)
        return try await db.sql.raw("SELECT * FROM channels WHERE store_id = \(bind: storeID) ORDER BY created_at, id")
            .all().map(ChannelRecord.init)
    }

    /// Every channel of the workspace the viewer may see, for the Channels page.
    func list(for viewer: Viewer) async throws -> [ChannelRecord] {
        try viewer.require(.administer)
        return try await db.sql.raw("SELECT * FROM channels c WHERE \(viewer.scopeCondition("c")) ORDER BY c.created_at, c.id")
            .all().map(ChannelRecord.init)
    }

    func get(_ id: UUID, by actor: Actor) async throws -> ChannelRecord {
        let channel = try await Self.load(id, on: db.sql)
        _ = try await visibleStore(channel.storeID, for: actor)
        return channel
    }

    /// Changes settings or switches the channel on or off; a changed setting starts it afresh (status `starting`).
    func update(_ id: UUID, enabled: Bool?, input: ChannelInput?, by actor: Actor) async throws -> ChannelRecord {
        let channel = try await get(id, by: actor)
        if let input, input.kind != channel.kind {
            throw KefuError.invalid("invalid_field", "This is an \(channel.kind.rawValue) channel; send its settings.")
        }
        var settings = channel.settings
        var sealed = channel.sealedSecrets
        var changed: [String] = []
        if let input {
            let current = try secrets.open(channel.sealedSecrets)
            let resolved = try input.resolve(over: (channel.settings, current))
            if resolved.settings != settings { changed.append("settings") }
            settings = resolved.settings
            if resolved.secrets != current {
                changed.append("secrets")
                sealed = try secrets.seal(resolved.secrets)
            }
        }
        let enable = enabled ?? channel.enabled
        if enable != channel.enabled { changed.append(enable ? "enabled" : "disabled") }
        guard !changed.isEmpty else { return channel }
        let status: ChannelStatus = enable ? .starting : .disabled
        let (newSettings, newSecrets, what) = (settings, sealed, changed.joined(separator: ","))
        return try await transactions.run(on: db) { tx in
            try await tx.sql.update("channels")
                .set("settings", to: try newSettings.json).set("secrets", to: newSecrets).set("enabled", to: enable)
                .set("status", to: status.rawValue).set("last_error", to: SQLLiteral.null).set("updated_at", to: tx.now)
                .where("id", .equal, id).run()
            try await AuditLog.record(
                "channel_changed", conversation: nil, workspace: channel.workspaceID, by: actor.viewer,
                detail: ["channel": id.uuidString, "changed": what], at: tx.now, on: tx.sql)
            return try await Self.load(id, on: tx.sql)
        }
    }

    /// Removes the channel; its conversations and messages stay.
    func remove(_ id: UUID, by actor: Actor) async throws {
        let channel = try await get(id, by: actor)
        try await transactions.run(on: db) { tx in
            try await tx.sql.delete(from: "channels").where("id", .equal, id).run()
            try await JobLease.release(ChannelLease.name(id), holder: nil, on: tx.sql)
            try await tx.sql.delete(from: "channel_threads").where("channel_id", .equal, id).run()
            try await AuditLog.record(
                "channel_removed", conversation: nil, workspace: channel.workspaceID, by: actor.viewer,
                detail: ["channel": id.uuidString, "label": channel.settings.label], at: tx.now, on: tx.sql)
        }
    }

    /// The channel's secrets, opened, for its connector and for the connection test.
    func openSecrets(of channel: ChannelRecord) throws -> [String: String] {
        try secrets.open(channel.sealedSecrets)
    }

    static func load(_ id: UUID, on db: any SQLDatabase) async throws -> ChannelRecord {
        guard let row = try await db.raw("SELECT * FROM channels WHERE id = \(bind: id)").first() else {
            throw KefuError.notFound("channel")
        }
        return try ChannelRecord(row: row)
    }

    private func visibleStore(_ storeID: UUID, for actor: Actor) async throws -> StoreModel {
        guard let store = try await StoreModel.find(storeID, on: db) else { throw KefuError.notFound("store") }
        if let viewer = actor.viewer {
            try viewer.require(.administer)
            guard store.workspaceID == viewer.workspaceID, viewer.canSee(storeID: storeID) else {
                throw KefuError.notFound("store")
            }
        }
        return store
    }
}

/// The lease that makes one instance at a time run a channel.
enum ChannelLease {
    static func name(_ channel: UUID) -> String { "channel:\(channel.uuidString)" }
}
