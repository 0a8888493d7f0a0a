import Foundation
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Web sign-in with a database-backed session cookie")
struct WebSignInTests {
    private func post(_ app: Application, _ path: String, form: String, cookie: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        if let cookie { headers.add(name: .cookie, value: "kefu_session=\(cookie)") }
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: form))
    }

    private func page(_ app: Application, _ path: String, cookie: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: "kefu_session=\(cookie)") }
        return try await app.testing().sendRequest(.GET, path, headers: headers)
    }

    @Test("Signing in sets an HttpOnly SameSite cookie that the pages accept, and signing out ends it")
    func signInAndOut() async throws {
        try await withKefu { app, fx in
            _ = try await fx.user(.agent, email: "mei@example.com")
            let form = try await page(app, "/login", cookie: nil)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("name=\"password\""))

            let wrong = try await post(app, "/login", form: "email=mei%40example.com&password=nope")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("wrong"))
            var chinese = HTTPHeaders()
            chinese.contentType = .urlEncodedForm
            chinese.add(name: .acceptLanguage, value: "zh-CN,zh;q=0.9")
            let wrongInChinese = try await app.testing().sendRequest(
                .POST, "/login", headers: chinese, body: ByteBuffer(string: "email=mei%40example.com&password=nope"))
            #expect(wrongInChinese.body.string.contains("邮箱或密码错误"))
            #expect(wrongInChinese.body.string.contains("<html lang=\"zh-CN\">"))
            #expect(wrong.headers.setCookie?[SessionCookie.name] == nil)

            let signedIn = try await post(app, "/login", form: "email=mei%40example.com&password=correct+horse")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers.first(name: .location) == "/inbox")
            let cookie = try #require(signedIn.headers.setCookie?[SessionCookie.name])
            #expect(cookie.isHTTPOnly)
            #expect(cookie.sameSite == .lax)
            let token = cookie.string
            #expect(token.hasPrefix("kfu_"))

            #expect(try await page(app, "/", cookie: token).headers.first(name: .location) == "/inbox")
            #expect(try await page(app, "/inbox", cookie: token).status == .ok)
            #expect(try await page(app, "/", cookie: "kfu_forged").headers.first(name: .location) == "/login")
            #expect(try await page(app, "/inbox", cookie: "kfu_forged").headers.first(name: .location) == "/login?next=/inbox")

            let out = try await post(app, "/logout", form: "", cookie: token)
            #expect(out.headers.first(name: .location) == "/login")
            #expect(try await page(app, "/inbox", cookie: token).headers.first(name: .location) == "/login?next=/inbox")
        }
    }
}
