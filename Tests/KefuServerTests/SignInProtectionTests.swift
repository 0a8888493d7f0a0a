import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Sign-in protection: guessing slowed and stopped per account and per address, sessions listed and revoked")
struct SignInProtectionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Behind a trusted proxy, so each test chooses the client address with `X-Forwarded-For`.
    func withProtectedKefu(_ test: (Application, Fixtures) async throws -> Void) async throws {
        try await withKefu(now: Self.now, settings: { $0.trustProxy = true }, test)
    }

    func login(_ fx: Fixtures, _ email: String, _ password: String, from address: String = "198.51.100.7") async throws
        -> TestingHTTPResponse
    {
        try await fx.send(
            .POST, "/api/v1/auth/login", json: ["email": email, "password": password],
            headers: ["X-Forwarded-For": "10.9.9.9, \(address)"])
    }

    /// Ten wrong passwords, each as soon as its wait allows: the account is locked afterwards.
    func lockOut(_ fx: Fixtures, _ email: String) async throws {
        var clock = Self.now
        for attempt in 1...10 {
            if attempt > 3 { clock += SignInThrottle.standard.delay(after: attempt - 1, SignInThrottle.standard.account) }
            fx.setNow(clock)
            #expect(try await login(fx, email, "wrong-\(attempt)").status == .unauthorized)
        }
    }

    @Test("Three free mistakes, then doubling waits, then a lock at ten that the right password cannot open; audited")
    func accountLock() async throws {
        try await withProtectedKefu { app, fx in
            let victim = "owner@shop.example"
            _ = try await fx.user(.agent, email: victim)
            var clock = Self.now
            for _ in 1...3 {
                #expect(try await login(fx, victim, "guess").status == .unauthorized)
            }
            let early = try await login(fx, victim, Fixtures.password)
            #expect(early.status == .tooManyRequests)
            #expect(early.errorCode == "sign_in_delayed")
            #expect(early.headers.first(name: .retryAfter) == "1")
            // Each allowed guess comes exactly when the last wait ends: 1, 2, 4 … 64 seconds.
            for delay in [1, 2, 4, 8, 16, 32, 64] {
                clock += TimeInterval(delay)
                fx.setNow(clock)
                #expect(try await login(fx, victim, "guess").status == .unauthorized)
            }
            #expect(fx.deps.metrics.registry.emitToString().contains(#"kefu_sign_in_refusals_total{reason="sign_in_delayed"} 1"#))
            let locked = try await login(fx, victim, Fixtures.password, from: "203.0.113.50")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.errorCode == "account_locked")
            #expect(Int(locked.headers.first(name: .retryAfter) ?? "") == 15 * 60)
            let audit = try await app.db.sql.raw("SELECT detail FROM audit_events WHERE action = 'user_sign_in_locked'").all()
            #expect(audit.count == 1)
            #expect(try audit.first?.decode(column: "detail", as: String.self).contains("198.51.100.7") == true)
            // Ten minutes on it is still locked; fifteen minutes after the tenth failure it opens by itself.
            fx.setNow(clock + 600)
            #expect(try await login(fx, victim, Fixtures.password).errorCode == "account_locked")
            fx.setNow(clock + 15 * 60)
            #expect(try await login(fx, victim, Fixtures.password).status == .ok)
        }
    }

    @Test("An admin sees the lock and lifts it; an agent may not; another workspace's user is not found")
    func adminUnlocks() async throws {
        try await withProtectedKefu { _, fx in
            let victim = "agent@shop.example"
            let user = try await fx.user(.agent, email: victim)
            let admin = try await fx.user(.admin)
            let outsider = try await fx.user(.admin, workspace: "Other")
            try await lockOut(fx, victim)
            let users = try await fx.get("/api/v1/users", as: admin)
            let listed = try #require(users["items"].array.first { $0["email"].string == victim })
            #expect(listed["lockedUntil"].string != nil)
            #expect(try await fx.post("/api/v1/users/\(user.id)/unlock", as: user).status == .forbidden)
            #expect(try await fx.post("/api/v1/users/\(user.id)/unlock", as: outsider).status == .notFound)
            #expect(try await fx.post("/api/v1/users/\(user.id)/unlock", as: admin).status == .noContent)
            let audit = try await fx.app.db.sql.raw("SELECT user_id FROM audit_events WHERE action = 'user_unlocked'").all()
            #expect(audit.count == 1)
            #expect(try await login(fx, victim, Fixtures.password).status == .ok)
            let relisted = try await fx.get("/api/v1/users", as: admin)
            #expect(relisted["items"].array.first { $0["email"].string == victim }?["lockedUntil"].string == nil)
        }
    }

    @Test("Guesses across many accounts from one address wait after twenty; another address and user are not slowed")
    func addressLimit() async throws {
        try await withProtectedKefu { _, fx in
            let colleague = "colleague@shop.example"
            _ = try await fx.user(.agent, email: colleague)
            for index in 1...20 {
                #expect(try await login(fx, "nobody\(index)@shop.example", "guess", from: "192.0.2.66").status == .unauthorized)
            }
            let slowed = try await login(fx, "nobody21@shop.example", "guess", from: "192.0.2.66")
            #expect(slowed.errorCode == "sign_in_delayed")
            // Turned away before its password was checked, it counts for nothing: after a second the next may try.
            fx.setNow(Self.now + 1)
            #expect(try await login(fx, "nobody21@shop.example", "guess", from: "192.0.2.66").status == .unauthorized)
            #expect(try await login(fx, "nobody22@shop.example", "guess", from: "192.0.2.66").errorCode == "sign_in_delayed")
            #expect(try await login(fx, colleague, Fixtures.password, from: "198.51.100.20").status == .ok)
        }
    }

    @Test("A user lists their sessions with kind, browser, address and last use; revokes one, then all others")
    func sessionsListedAndRevoked() async throws {
        try await withProtectedKefu { _, fx in
            let email = "mei@shop.example"
            _ = try await fx.user(.agent, email: email)
            let laptop = try #require(try await login(fx, email, Fixtures.password, from: "198.51.100.1").json()["token"].string)
            let page = try await fx.send(
                .POST, SitePage.signIn.path(), form: ["email": email, "password": Fixtures.password],
                headers: ["X-Forwarded-For": "198.51.100.2", "User-Agent": "Mozilla/5.0 Chromium"])
            #expect(page.status == .seeOther)
            let cookie = try #require(page.headers.setCookie?[SessionCookie.name]?.string)
            let other = try await fx.user(.agent)

            let listed = try await fx.send(.GET, "/api/v1/sessions", bearer: laptop)
            let items = try listed.json()["items"].array
            // The fixture's own sign-in is a third session of this user.
            #expect(items.count == 3)
            let web = try #require(items.first { $0["kind"].string == "web" })
            #expect(web["userAgent"].string == "Mozilla/5.0 Chromium")
            #expect(web["address"].string == "198.51.100.2")
            #expect(web["current"].bool == false)
            #expect(items.filter { $0["current"].bool == true }.count == 1)
            #expect(items.first { $0["current"].bool == true }?["address"].string == "198.51.100.1")

            let webID = try #require(web["id"].string)
            #expect(try await fx.send(.DELETE, "/api/v1/sessions/\(webID)", bearer: other.token).status == .notFound)
            #expect(try await fx.send(.DELETE, "/api/v1/sessions/\(webID)", bearer: laptop).status == .noContent)
            #expect(try await fx.send(.GET, "/api/v1/me", headers: ["Cookie": "kefu_session=\(cookie)", "X-Kefu-Client": "web"]).status == .unauthorized)

            let revoked = try await fx.send(.DELETE, "/api/v1/sessions", bearer: laptop)
            #expect(try revoked.json()["revoked"].int == 1)
            #expect(try await fx.send(.GET, "/api/v1/sessions", bearer: laptop).status == .ok)
            #expect(try await fx.send(.GET, "/api/v1/sessions", bearer: laptop).json()["items"].array.count == 1)
        }
    }

    @Test("A page session slides with use; an API token expires when it said it would")
    func pageSessionSlides() async throws {
        try await withProtectedKefu { _, fx in
            let email = "slide@shop.example"
            _ = try await fx.user(.agent, email: email)
            let api = try #require(try await login(fx, email, Fixtures.password).json()["token"].string)
            let page = try await fx.send(.POST, SitePage.signIn.path(), form: ["email": email, "password": Fixtures.password])
            let cookie = try #require(page.headers.setCookie?[SessionCookie.name]?.string)
            let asPage = ["Cookie": "kefu_session=\(cookie)", "X-Kefu-Client": "web"]
            // Used on day 20 and day 40: the page session lives on; the API token (30 days) has ended.
            for day in [20, 40] {
                fx.setNow(Self.now + TimeInterval(day) * 86_400)
                fx.deps.viewers.forgetAll()
                #expect(try await fx.send(.GET, "/api/v1/me", headers: asPage).status == .ok, "day \(day)")
            }
            #expect(try await fx.send(.GET, "/api/v1/me", bearer: api).status == .unauthorized)
            // Unused for 31 days, it ends too.
            fx.setNow(Self.now + 71 * 86_400)
            fx.deps.viewers.forgetAll()
            #expect(try await fx.send(.GET, "/api/v1/me", headers: asPage).status == .unauthorized)
        }
    }

    @Test("The session cookie is Secure when KEFU_PUBLIC_URL is https, and not on plain http")
    func secureCookieFollowsPublicURL() async throws {
        #expect(KefuConfiguration.fromEnvironment(["KEFU_PUBLIC_URL": "https://kefu.example.com"]).secureCookies)
        #expect(!KefuConfiguration.fromEnvironment(["KEFU_PUBLIC_URL": "http://localhost:8080"]).secureCookies)
        #expect(KefuConfiguration.fromEnvironment(["KEFU_SECURE_COOKIES": "1"]).secureCookies)
        try await withKefu(settings: { $0.publicURL = "https://kefu.example.com" }) { _, fx in
            _ = try await fx.user(.agent, email: "secure@shop.example")
            let page = try await fx.send(
                .POST, SitePage.signIn.path(), form: ["email": "secure@shop.example", "password": Fixtures.password])
            let cookie = try #require(page.headers.setCookie?[SessionCookie.name])
            #expect(cookie.isSecure)
            #expect(cookie.isHTTPOnly)
        }
    }

    @Test("The sign-in page says in the reader's language that the account is locked, with 429 and Retry-After")
    func pageSaysLocked() async throws {
        try await withProtectedKefu { _, fx in
            let email = "locked@shop.example"
            _ = try await fx.user(.agent, email: email)
            try await lockOut(fx, email)
            let page = try await fx.send(
                .POST, SitePage.signIn.path(), form: ["email": email, "password": Fixtures.password],
                headers: ["Accept-Language": "zh-CN,zh;q=0.9"])
            #expect(page.status == .tooManyRequests)
            #expect(page.headers.first(name: .retryAfter) == "900")
            #expect(page.body.string.contains("该账号已暂时锁定"))
            #expect(page.body.string.contains("15 分钟"))
            #expect(page.headers.setCookie?[SessionCookie.name] == nil)
        }
    }

    @Test("A new password needs the current one and passes the policy; the other sessions end; audited")
    func passwordChange() async throws {
        try await withProtectedKefu { app, fx in
            let email = "change@shop.example"
            let user = try await fx.user(.agent, email: email)
            let phone = try #require(try await login(fx, email, Fixtures.password).json()["token"].string)
            func change(_ current: String, _ new: String) async throws -> TestingHTTPResponse {
                try await fx.send(.POST, "/api/v1/me/password", bearer: user.token, json: ["current": current, "new": new])
            }
            #expect(try await change("not it", "a-much-better-passphrase").errorCode == "wrong_password")
            for weak in ["short", "password2026!", "woaini5201314", "change-me-change@x"] {
                let refused = try await change(Fixtures.password, weak)
                #expect(refused.status == .badRequest, "\(weak)")
                #expect(refused.errorCode == "weak_password")
            }
            let changed = try await change(Fixtures.password, "a-much-better-passphrase")
            #expect(changed.status == .ok)
            #expect(try changed.json()["revoked"].int == 1)
            #expect(try await fx.send(.GET, "/api/v1/me", bearer: phone).status == .unauthorized)
            #expect(try await fx.send(.GET, "/api/v1/me", bearer: user.token).status == .ok)
            #expect(try await login(fx, email, Fixtures.password).status == .unauthorized)
            #expect(try await login(fx, email, "a-much-better-passphrase").status == .ok)
            let audit = try await app.db.sql.raw("SELECT action FROM audit_events WHERE action = 'user_password_changed'").all()
            #expect(audit.count == 1)
        }
    }

    @Test("A new user's password is checked against the same policy")
    func newUserPassword() async throws {
        try await withKefu { _, fx in
            let tenancy = fx.deps.tenancy(on: fx.app.db)
            let workspace = try await fx.workspace()
            await #expect(throws: KefuError.self) {
                try await tenancy.addUser(
                    workspace: workspace, email: "new@shop.example", name: nil, role: .agent, password: "qwerty123456",
                    storeIDs: [], merchantIDs: [])
            }
        }
    }
}
