import Foundation
import KefuCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The compliance packs shipped in `policies/compliance/`, and each workspace's guard built from them with the
/// workspace's own terms.
///
/// Guards are cached per workspace and platform and rebuilt when the workspace's terms change: at once on this
/// instance, within two seconds on another (the cache is stamped with the count and newest time of the terms).
final class ComplianceBook: Sendable {
    let rules: CompliancePacks
    private let shipped: [Platform: ComplianceGuard]
    private let inbound: [Platform: ComplianceGuard]
    private let cache = NIOLockedValueBox<[String: (stamp: String, guard: ComplianceGuard)]>([:])
    /// Each workspace's terms stamp, re-read at most every `stampLifetime`: an edit here clears it at once, an edit on
    /// another instance reaches this one within that time.
    private let stamps = NIOLockedValueBox<[UUID: (stamp: String, count: Int, readAt: ContinuousClock.Instant)]>([:])
    static let stampLifetime: Duration = .seconds(2)

    init(rules: CompliancePacks) {
        self.rules = rules
        var shipped: [Platform: ComplianceGuard] = [:]
        var inbound: [Platform: ComplianceGuard] = [:]
        for platform in Platform.allCases {
            shipped[platform] = rules.outboundGuard(for: platform)
            inbound[platform] = rules.inboundGuard(for: platform)
        }
        self.shipped = shipped
        self.inbound = inbound
    }

    /// Reads every library and platform pack; a missing or malformed file stops Kefu with its name.
    static func load(from directory: URL) throws -> ComplianceBook {
        func read<T>(_ file: URL, _ decode: (Data) throws(KefuError) -> T) throws -> T {
            guard let data = try? Data(contentsOf: file) else {
                throw KefuError(
                    code: "rule_pack_missing", status: 500,
                    message: "No compliance pack at \(file.path); set KEFU_POLICIES_DIR to the policies folder.")
            }
            do {
                return try decode(data)
            } catch {
                throw KefuError(code: error.code, status: 500, message: "\(file.lastPathComponent): \(error.message)")
            }
        }
        let libraryDirectory = directory.appendingPathComponent("library")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: libraryDirectory.path)) ?? []
        let libraries = try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            try read(libraryDirectory.appendingPathComponent(name), TermLibrary.decode)
        }
        let packs = try Platform.allCases.map { platform in
            try read(directory.appendingPathComponent("\(platform.rawValue).json"), CompliancePack.decode)
        }
        return ComplianceBook(rules: try CompliancePacks(libraries: libraries, packs: packs))
    }

    /// The guard a workspace's replies on `platform` pass. `db` is asked for only when the workspace's terms must be
    /// read (making a database handle builds a logger, a measurable share of a check with warm caches).
    func outboundGuard(
        for platform: Platform, workspace: UUID, on db: @autoclosure () -> any SQLDatabase
    ) async throws -> ComplianceGuard {
        let (stamp, count) = try await self.stamp(of: workspace, on: db)
        guard let fallback = shipped[platform] else { return rules.outboundGuard(for: platform) }
        if count == 0 { return fallback }
        let key = "\(workspace)|\(platform.rawValue)"
        if let cached = cache.withLockedValue({ $0[key] }), cached.stamp == stamp { return cached.guard }
        let terms = try await ComplianceTerms.list(workspace: workspace, on: db())
            .filter { $0.platform == nil || $0.platform == platform }
            .map(\.custom)
        let built = rules.outboundGuard(for: platform, custom: terms)
        cache.withLockedValue { $0[key] = (stamp, built) }
        return built
    }

    /// Forgets a workspace's stamp after its terms changed on this instance.
    func termsChanged(in workspace: UUID) {
        _ = stamps.withLockedValue { $0.removeValue(forKey: workspace) }
    }

    private func stamp(of workspace: UUID, on db: () -> any SQLDatabase) async throws -> (String, Int) {
        let now = ContinuousClock.now
        if let known = stamps.withLockedValue({ $0[workspace] }), now - known.readAt < Self.stampLifetime {
            return (known.stamp, known.count)
        }
        let row = try await db().raw(
            "SELECT COUNT(*) AS n, MAX(created_at) AS latest FROM compliance_terms WHERE workspace_id = \(bind: workspace)"
        ).first()
        let count = try row?.decode(column: "n", as: Int.self) ?? 0
        let latest = try row?.decode(column: "latest", as: Date?.self)
        let stamp = "\(count)|\(latest?.timeIntervalSince1970 ?? 0)"
        stamps.withLockedValue { $0[workspace] = (stamp, count, now) }
        return (stamp, count)
    }

    /// The guard buyers' messages on `platform` are screened with.
    func inboundGuard(for platform: Platform) -> ComplianceGuard {
        inbound[platform] ?? rules.inboundGuard(for: platform)
    }
}
