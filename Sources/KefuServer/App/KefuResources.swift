import Foundation
import KefuCore

/// Where Kefu's shipped files live — the pages (`Resources/Views`), their strings (`Resources/Locales`), scripts and
/// styles (`Public/`), the platform packs (`policies/`) and the API description (`docs/openapi.yaml`) — found without
/// depending on the folder the binary was started in, so a service manager that starts `kefu` in `/` works.
public struct KefuResources: Sendable, Equatable {
    /// The folder holding `Resources/`, `Public/` and `policies/`.
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// `root` as Vapor's `DirectoryConfiguration` wants it: a path ending in `/`.
    public var rootPath: String { root.path.hasSuffix("/") ? root.path : root.path + "/" }
    public var policies: URL { root.appendingPathComponent("policies") }
    public var openAPI: String { rootPath + "docs/openapi.yaml" }
    /// The passwords new ones may not be (`PasswordPolicy`).
    public var commonPasswords: URL { root.appendingPathComponent("Resources/Security/common-passwords.txt") }

    /// Whether `folder` holds Kefu's resources: the strings and the policy packs are the ones nothing works without.
    static func holdsResources(_ folder: URL) -> Bool {
        let files = FileManager.default
        return files.fileExists(atPath: folder.appendingPathComponent("Resources/Locales/en.json").path)
            && files.fileExists(atPath: folder.appendingPathComponent("policies").path)
    }

    /// Finds the resources: `KEFU_RESOURCES` when set; else beside the executable (`<prefix>/share/kefu` for a binary
    /// in `<prefix>/bin`, as `scripts/install` lays it out, or the checkout a `.build/…/kefu` was built in); else the
    /// working directory.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = KefuResources.executableURL(),
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(KefuError) -> KefuResources {
        if let override = environment["KEFU_RESOURCES"]?.trimmingCharacters(in: .whitespaces), !override.isEmpty {
            let folder = URL(fileURLWithPath: override, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true))
            guard holdsResources(folder) else {
                throw KefuError(
                    code: "missing_resources", status: 500,
                    message: "KEFU_RESOURCES=\(override) does not hold Kefu's resources (Resources/Locales, Public, policies).")
            }
            return KefuResources(root: folder)
        }
        for candidate in candidates(executable: executable) where holdsResources(candidate) {
            return KefuResources(root: candidate)
        }
        let here = URL(fileURLWithPath: workingDirectory, isDirectory: true)
        if holdsResources(here) { return KefuResources(root: here) }
        throw KefuError(
            code: "missing_resources", status: 500,
            message: "Kefu cannot find its resources (Resources/, Public/, policies/) beside \(executable?.path ?? "the executable") "
                + "or in \(workingDirectory); install them with scripts/install, or set KEFU_RESOURCES to the folder that holds them.")
    }

    /// The installed layout first, then every folder above the executable (a build folder inside a checkout).
    static func candidates(executable: URL?) -> [URL] {
        guard let executable else { return [] }
        let binFolder = executable.deletingLastPathComponent()
        var candidates = [binFolder.deletingLastPathComponent().appendingPathComponent("share/kefu")]
        var folder = binFolder
        while folder.path != "/" && !folder.path.isEmpty {
            candidates.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        return candidates
    }

    /// The running binary, with links resolved (a `kefu` linked into `/usr/local/bin` finds the files it was
    /// installed with).
    public static func executableURL() -> URL? {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return URL(fileURLWithPath: path)
            }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }
}
