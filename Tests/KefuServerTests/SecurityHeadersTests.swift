import Foundation
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Security headers")
struct SecurityHeadersTests {
    @Test("Pages, the API, static files and error pages carry the policy: own scripts only, never framed, no sniffing")
    func everyAnswer() async throws {
        try await withKefu { app, fx in
            let admin = try await fx.user(.admin)
            var answers: [(String, TestingHTTPResponse)] = [
                ("sign-in page", try await fx.send(.GET, "/login")),
                ("inbox", try await fx.send(.GET, "/inbox", signedInAs: admin)),
                ("API", try await fx.send(.GET, "/api/v1/conversations", bearer: admin.token)),
                ("API error", try await fx.send(.GET, "/api/v1/conversations?folder=nope", bearer: admin.token)),
                ("missing page", try await fx.send(.GET, "/no-such-page", signedInAs: admin)),
                ("script", try await fx.send(.GET, "/js/kefu.js")),
            ]
            answers.append(("health", try await fx.send(.GET, "/api/v1/health")))
            for (what, answer) in answers {
                let policy = answer.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), "\(what): \(policy)")
                #expect(!policy.contains("unsafe-inline"), "\(what)")
                #expect(answer.headers.first(name: "X-Frame-Options") == "DENY", "\(what)")
                #expect(answer.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what)")
                #expect(answer.headers.first(name: "Referrer-Policy") == "same-origin", "\(what)")
            }
            #expect(answers[1].1.status == .ok && answers[3].1.status == .badRequest && answers[5].1.status == .ok)
        }
    }

    @Test("The views and scripts hold no inline script, style or event handler, which the policy would block")
    func nothingInline() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folders = ["Resources/Views", "Sources/KefuServer/Workbench", "Public/js"]
        var read = 0
        for folder in folders {
            let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let file = files?.nextObject() as? URL {
                guard ["leaf", "swift", "js"].contains(file.pathExtension) else { continue }
                let text = try String(contentsOf: file, encoding: .utf8)
                read += 1
                #expect(text.firstMatch(of: /<script(?![^>]*\bsrc=)[^>]*>/) == nil, "inline script in \(file.lastPathComponent)")
                #expect(text.firstMatch(of: /\sstyle="/) == nil, "style attribute in \(file.lastPathComponent)")
                #expect(text.firstMatch(of: /<style\b/) == nil, "style element in \(file.lastPathComponent)")
                #expect(text.firstMatch(of: /\son[a-z]+="/) == nil, "event handler attribute in \(file.lastPathComponent)")
                #expect(text.firstMatch(of: /javascript:/) == nil, "javascript: URL in \(file.lastPathComponent)")
            }
        }
        #expect(read > 30)
    }
}
