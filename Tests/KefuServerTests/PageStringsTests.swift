import Foundation
import Testing

@testable import KefuServer

@Suite("Every workbench string in Chinese and English")
struct PageStringsTests {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func strings() throws -> PageStrings { try PageStrings.load(from: KefuResources(root: root)) }

    func files(in folder: String, ending suffix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(suffix) }
    }

    func matches(_ pattern: String, in text: String) throws -> Set<String> {
        let regex = try NSRegularExpression(pattern: pattern)
        return Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        })
    }

    @Test("Both languages have the same keys, none empty")
    func sameKeys() throws {
        let tables = try strings().tables
        let zh = try #require(tables[.zh])
        let en = try #require(tables[.en])
        #expect(Set(zh.keys) == Set(en.keys))
        #expect(zh.values.allSatisfy { !$0.isEmpty } && en.values.allSatisfy { !$0.isEmpty })
    }

    @Test("Every key a template or a script uses exists, and scripts only use keys sent to them")
    func usedKeysExist() throws {
        let en = try #require(try strings().tables[.en])
        let templateKeys = Set(en.keys.map { $0.replacingOccurrences(of: ".", with: "_") })
        for file in try files(in: "Resources/Views", ending: ".leaf") {
            for key in try matches(#"chrome\.t\.([A-Za-z_]+)"#, in: try String(contentsOf: file, encoding: .utf8)) {
                #expect(templateKeys.contains(key), "\(file.lastPathComponent) uses t.\(key)")
            }
        }
        for file in try files(in: "Public/js", ending: ".js") {
            for key in try matches(#"\bt\("([A-Za-z.]+)""#, in: try String(contentsOf: file, encoding: .utf8)) {
                #expect(en[key] != nil, "\(file.lastPathComponent) uses t(\"\(key)\")")
                #expect(PageStrings.scriptKeyPrefixes.contains { key.hasPrefix($0) }, "\(key) is not sent to scripts")
            }
        }
    }

    @Test("The scripts sent to the browser stay under 100 KB together")
    func scriptBudget() throws {
        let total = try files(in: "Public/js", ending: ".js").reduce(0) { sum, file in
            sum + (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0)
        }
        #expect(total > 0 && total < 100_000, "Public/js holds \(total) bytes")
    }
}
