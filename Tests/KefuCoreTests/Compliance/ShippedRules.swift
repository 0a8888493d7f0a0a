import Foundation
import KefuCore

/// The compliance packs shipped in `policies/compliance/`, loaded once for the whole suite.
enum ShippedRules {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../policies/compliance").standardizedFileURL

    static let rules: CompliancePacks = {
        do {
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("library").path)
            let libraries = try files.filter { $0.hasSuffix(".json") }.sorted().map { name in
                try TermLibrary.decode(Data(contentsOf: directory.appendingPathComponent("library/\(name)")))
            }
            let packs = try Platform.allCases.map { platform in
                try CompliancePack.decode(Data(contentsOf: directory.appendingPathComponent("\(platform.rawValue).json")))
            }
            return try CompliancePacks(libraries: libraries, packs: packs)
        } catch {
            fatalError("the shipped compliance packs do not load: \(error)")
        }
    }()

    nonisolated(unsafe) private static var cache: [Platform: ComplianceGuard] = [:]
    private static let lock = NSLock()

    static func guardFor(_ platform: Platform) -> ComplianceGuard {
        lock.lock()
        defer { lock.unlock() }
        if let found = cache[platform] { return found }
        let built = rules.outboundGuard(for: platform)
        cache[platform] = built
        return built
    }

    static func check(_ platform: Platform, _ text: String, context: ComplianceContext = .none) -> ComplianceReport {
        guardFor(platform).check(text, context: context)
    }
}
