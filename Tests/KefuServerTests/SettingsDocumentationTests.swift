import Foundation
import Testing

/// Every environment variable the code reads is a setting someone has to be able to find.
@Suite("Settings are documented")
struct SettingsDocumentationTests {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `"KEFU_…"`, `"DATABASE_URL"` and `"LOG_LEVEL"` as string literals in the sources: the names the code reads.
    func namesReadBySources() throws -> Set<String> {
        let pattern = try Regex(#""((?:KEFU_[A-Z0-9_]+)|DATABASE_URL|LOG_LEVEL)""#)
        var names = Set<String>()
        let sources = root.appendingPathComponent("Sources")
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return [] }
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let name = match.output[1].substring { names.insert(String(name)) }
            }
        }
        return names
    }

    @Test("The README's settings table names every variable the code reads")
    func everyVariableIsInTheReadme() throws {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let names = try namesReadBySources()
        #expect(names.count >= 10, "the scan found the settings: \(names.sorted())")
        let documented = Set(readme.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap { line in
            line.dropFirst(3).split(separator: "`").first.map(String.init)
        })
        let missing = names.subtracting(documented).sorted()
        #expect(missing.isEmpty, "read by the code but not in the README's settings table: \(missing)")
    }
}
