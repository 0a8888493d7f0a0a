import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

/// Every page in Chinese, read as a person sees it: no English word may show that is not data (a platform's or a
/// person's name, an address, a code).
@Suite("Chinese pages have no English holes")
struct ChinesePagesTests {
    /// Words that are names or codes in either language.
    static let names: Set<String> = [
        "Kefu", "Walmart", "Amazon", "eBay", "Ozon", "Noon", "JD", "CSV", "JSONL", "Excel", "SLA", "API", "UTC", "IMAP", "SMTP", "URL", "ID",
        // The language switch names each language in itself; key and product names stay as they are written.
        "English", "Enter", "Esc", "JavaScript",
    ]

    /// The visible text of a page: no scripts, styles, tags or attribute values other than the ones people read.
    static func visibleText(_ html: String) -> String {
        var text = html
        // Scripts, styles, data attributes, and <code>: a platform's own field name as its portal spells it (Client-Id).
        for pattern in [
            #"<script[\s\S]*?</script>"#, #"<style[\s\S]*?</style>"#, #"data-[a-z-]+="[^"]*""#, #"<code>[^<]*</code>"#,
        ] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        var readable = ""
        for match in text.matches(of: /(?:title|placeholder|aria-label|alt)="([^"]*)"/) { readable += " " + match.output.1 }
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        return (text + readable)
            .replacingOccurrences(of: #"\S+@\S+"#, with: " ", options: .regularExpression)  // e-mail addresses
            .replacingOccurrences(of: #"https?://\S+"#, with: " ", options: .regularExpression)  // links a buyer sent
            .replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: " ", options: .regularExpression)  // template variables
            .replacingOccurrences(of: #"[a-z]+(\.[a-z]+)+"#, with: " ", options: .regularExpression)  // scopes, hosts
            // Test data: users named after their e-mail (admin-1a2b3c4d), buyers' platform ids (buyer-1).
            .replacingOccurrences(of: #"(admin|agent|supervisor|qa)-[0-9a-f]{8}|buyer-\d+"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"&[a-z]+;|&#\d+;"#, with: " ", options: .regularExpression)
    }

    static func englishWords(_ html: String) -> [String] {
        visibleText(html).matches(of: /[A-Za-z]{3,}/).map { String($0.output) }.filter { !names.contains($0) }
    }

    /// The Response rates page reads its metric names and penalties from the policies' `translations`.
    @Test("Inbox, thread, customer, response rates, templates, channels and sign-in in Chinese")
    func pages() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.pinduoduo, name: "拼多多旗舰店", merchant: "灯具品牌", workspace: "代理公司", timeZone: "Asia/Shanghai")
            _ = try await fx.ingest([
                Fixtures.message("m1", conversation: "c1", body: "请问什么时候发货？", name: "王芳", order: "240101-123"),
                Fixtures.message("m2", conversation: "c2", body: "点这里 http://pay.example.top/x 付款", name: "李雷"),
            ], into: store)
            let admin = try await fx.user(.admin, workspace: "代理公司")
            let first = try #require(try await fx.conversations(as: admin)["items"].array.first)
            let id = try #require(first["id"].string)
            let customer = try #require(first["customer"]["id"].string)
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "kefu_session=\(admin.token); kefu_tz=Asia%2FShanghai")
            headers.add(name: .acceptLanguage, value: "zh-CN,zh;q=0.9")
            for path in ["/inbox", "/inbox?folder=overdue", "/conversations/\(id)", "/customers/\(customer)", "/performance", "/templates", "/channels"] {
                let response = try await app.testing().sendRequest(.GET, path, headers: headers)
                #expect(response.status == .ok, "\(path)")
                let words = Self.englishWords(response.body.string)
                #expect(words.isEmpty, "\(path): \(Set(words).sorted())")
            }
            var signIn = HTTPHeaders()
            signIn.add(name: .acceptLanguage, value: "zh-CN")
            let login = try await app.testing().sendRequest(.GET, "/login", headers: signIn)
            #expect(Self.englishWords(login.body.string).isEmpty, "\(Set(Self.englishWords(login.body.string)).sorted())")
        }
    }
}
