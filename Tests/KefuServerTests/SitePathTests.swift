import Foundation
import Testing
import VaporTesting

@testable import KefuServer

/// Links are built from the same list the routes are registered from, so none can point at a page that moved.
@Suite("Every page path comes from SitePage")
struct SitePathTests {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("Each page of SitePage is a registered route")
    func everyPageIsRouted() async throws {
        try await withKefu { app, _ in
            let routed = Set(app.routes.all.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") })
            for page in SitePage.allCases {
                let path = "/" + page.components.map(\.description).joined(separator: "/")
                #expect(routed.contains("GET \(path)") || routed.contains("POST \(path)"), "\(page) at \(path)")
            }
        }
    }

    @Test("A conversation's link fills its id into the route's pattern")
    func conversationLink() {
        let id = UUID()
        #expect(SitePath.conversation(id) == "/conversations/\(id.uuidString.lowercased())")
        #expect(SitePath.signIn(next: "/inbox?folder=unread") == "/login?next=/inbox%3Ffolder%3Dunread")
        #expect(SitePath.signIn(next: "https://elsewhere.example/") == "/login?next=/")
    }

    @Test("Views and scripts write no page path of their own")
    func noLiteralPagePaths() throws {
        let pages = SitePage.allCases.map(\.pattern).filter { !$0.isEmpty }.map { $0.split(separator: "/")[0] }
        var offenders: [String] = []
        for (folder, suffix) in [("Resources/Views", ".leaf"), ("Public/js", ".js")] {
            let directory = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(suffix) {
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                for page in Set(pages) {
                    for quote in ["\"/", "'/", "`/"] {
                        for ending in ["\"", "?", "/", "'", "`"] {
                            var rest = text[...]
                            while let found = rest.range(of: quote + page + ending) {
                                // API paths in scripts (`api("POST", "/templates")`) are relative to /api/v1: not pages.
                                let start = text.index(found.lowerBound, offsetBy: -30, limitedBy: text.startIndex) ?? text.startIndex
                                let before = String(text[start..<found.lowerBound])
                                if !before.contains("api(") && !before.contains("apiPath") { offenders.append("\(name): \(quote)\(page)\(ending)") }
                                rest = text[found.upperBound...]
                            }
                        }
                    }
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
