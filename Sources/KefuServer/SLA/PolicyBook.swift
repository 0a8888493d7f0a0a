import Foundation
import KefuCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The policy a store is timed by, with the clock built from it.
struct StorePolicy: Sendable {
    let storeID: UUID
    let policy: ResponsePolicy
    let timer: SLATimer
    /// Whether the store edited its platform's shipped pack.
    let isCustomized: Bool
}

/// The policies stores are timed by: the packs shipped in `policies/`, and each store's own edits from the database.
///
/// Parsed policies are cached per store and re-read when the store's row changes (its platform, zone or policy
/// version), so an edit made on another instance takes effect on the next write here.
final class PolicyBook: Sendable {
    let packs: [Platform: ResponsePolicy]
    private let cache = NIOLockedValueBox<[UUID: (stamp: String, policy: StorePolicy)]>([:])

    init(packs: [Platform: ResponsePolicy]) {
        self.packs = packs
    }

    /// Reads every platform's pack from `directory`; a missing or malformed pack stops Kefu with the file's name.
    static func load(from directory: URL) throws -> PolicyBook {
        var packs: [Platform: ResponsePolicy] = [:]
        for platform in Platform.allCases {
            let file = directory.appendingPathComponent("\(platform.rawValue).json")
            guard let data = try? Data(contentsOf: file) else {
                throw KefuError(
                    code: "policy_missing", status: 500,
                    message: "No policy pack for \(platform.rawValue) at \(file.path); set KEFU_POLICIES_DIR to the policies folder.")
            }
            do {
                let policy = try ResponsePolicy.decode(data)
                guard policy.platform == platform.rawValue else {
                    throw KefuError.unprocessable("invalid_policy", "The policy is malformed at platform: the file is for \(platform.rawValue).")
                }
                packs[platform] = policy
            } catch let error as KefuError {
                throw KefuError(code: error.code, status: 500, message: "\(file.lastPathComponent): \(error.message)")
            }
        }
        return PolicyBook(packs: packs)
    }

    func pack(for platform: Platform) -> ResponsePolicy {
        // Every platform has a pack: `load` refuses to start otherwise.
        packs[platform] ?? ResponsePolicy(
            platform: platform.rawValue, name: platform.displayName,
            firstResponse: FirstResponseRule(seconds: 86_400, clock: .calendar))
    }

    func policies(for storeIDs: [UUID], on db: any SQLDatabase) async throws -> [UUID: StorePolicy] {
        guard !storeIDs.isEmpty else { return [:] }
        let rows = try await db.raw("""
            SELECT s.id, s.platform, s.timezone, p.version AS policy_version
            FROM stores s LEFT JOIN store_policies p ON p.store_id = s.id WHERE s.id IN (\(binds: storeIDs))
            """).all()
        var found: [UUID: StorePolicy] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let platformID = try row.decode(column: "platform", as: String.self)
            let zone = try row.decode(column: "timezone", as: String.self)
            let version = try row.decode(column: "policy_version", as: Int?.self)
            let stamp = "\(platformID)|\(zone)|\(version ?? 0)"
            if let cached = cache.withLockedValue({ $0[id] }), cached.stamp == stamp {
                found[id] = cached.policy
                continue
            }
            var policy = pack(for: try Platform.stored(platformID, in: "stores.platform"))
            if version != nil, let document = try await db.raw(
                "SELECT document FROM store_policies WHERE store_id = \(bind: id)"
            ).first()?.decode(column: "document", as: String.self) {
                policy = try ResponsePolicy.decode(Data(document.utf8))
            }
            let timer = try SLATimer(policy, storeTimeZone: TimeZone(identifier: zone) ?? .gmt)
            let storePolicy = StorePolicy(storeID: id, policy: policy, timer: timer, isCustomized: version != nil)
            cache.withLockedValue { $0[id] = (stamp, storePolicy) }
            found[id] = storePolicy
        }
        return found
    }

    func policy(for storeID: UUID, on db: any SQLDatabase) async throws -> StorePolicy {
        guard let policy = try await policies(for: [storeID], on: db)[storeID] else { throw KefuError.notFound("store") }
        return policy
    }
}
