import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Two-factor sign-in: set up with an app's code, asked at every sign-in, recovery codes, required for admins")
struct TwoFactorTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func login(_ fx: Fixtures, _ email: String, _ password: String = Fixtures.password) async throws -> TestingHTTPResponse {
        try await fx.send(.POST, "/api/v1/auth/login", json: ["email": email, "password": password])
    }

    func finish(_ fx: Fixtures, _ challenge: String, _ code: String) async throws -> TestingHTTPResponse {
        try await fx.send(.POST, "/api/v1/auth/login/code", json: ["challenge": challenge, "code": code])
    }

    /// Sets up two factors for `user` the way a person does; answers the app's generator and the recovery codes.
    func enroll(_ fx: Fixtures, _ user: Fixtures.User, at date: Date) async throws -> (KefuCore.TOTP, [String]) {
        let begun = try await fx.post("/api/v1/me/two-factor", as: user, ["password": Fixtures.password])
        #expect(begun.status == .ok, "\(begun.body.string)")
        let secret = try #require(try begun.json()["secret"].string)
        #expect(try begun.json()["uri"].string?.hasPrefix("otpauth://totp/Kefu:") == true)
        let totp = KefuCore.TOTP(secret: try #require(Base32.decode(secret)))
        let confirmed = try await fx.post("/api/v1/me/two-factor/confirm", as: user, ["code": totp.code(at: date)])
        #expect(confirmed.status == .ok, "\(confirmed.body.string)")
        return (totp, try confirmed.json()["recoveryCodes"].strings)
    }

    @Test("Setting up needs the password and a right first code; afterwards sign-in needs a code, each good once; audited")
    func setUpAndSignIn() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let email = "mei@agency.example"
            let user = try await fx.user(.agent, email: email)
            #expect(try await fx.post("/api/v1/me/two-factor", as: user, ["password": "wrong"]).errorCode == "wrong_password")
            let begun = try await fx.post("/api/v1/me/two-factor", as: user, ["password": Fixtures.password])
            #expect(try await fx.post("/api/v1/me/two-factor/confirm", as: user, ["code": "000000"]).errorCode == "invalid_code")
            // Not confirmed yet: sign-in still takes the password alone.
            #expect(try await login(fx, email).status == .ok)
            _ = begun
            let (totp, recovery) = try await enroll(fx, user, at: Self.now)
            #expect(recovery.count == 10)
            #expect(try await fx.get("/api/v1/me", as: user)["twoFactorEnabled"].bool == true)
            #expect(try await fx.get("/api/v1/me/two-factor", as: user)["recoveryCodesLeft"].int == 10)
            #expect(try await fx.post("/api/v1/me/two-factor", as: user, ["password": Fixtures.password]).errorCode == "two_factor_enabled")

            // The password alone now gives a challenge, not a token.
            fx.setNow(Self.now + 60)
            let first = try await login(fx, email)
            #expect(first.status == .accepted)
            #expect(try first.json()["token"].isNull)
            let challenge = try #require(try first.json()["challenge"].string)
            #expect(try await finish(fx, challenge, "123456").errorCode == "invalid_code")
            let code = totp.code(at: Self.now + 60)
            let done = try await finish(fx, challenge, code)
            #expect(done.status == .ok)
            let token = try #require(try done.json()["token"].string)
            #expect(try await fx.send(.GET, "/api/v1/me", bearer: token).status == .ok)
            // The challenge is used up, and so is the code, even on a new challenge.
            #expect(try await finish(fx, challenge, code).errorCode == "challenge_expired")
            let again = try #require(try await login(fx, email).json()["challenge"].string)
            #expect(try await finish(fx, again, code).errorCode == "invalid_code")
            // A challenge lives five minutes.
            fx.setNow(Self.now + 60 + 301)
            #expect(try await finish(fx, again, totp.code(at: Self.now + 361)).errorCode == "challenge_expired")
            let actions = try await app.db.sql.raw("SELECT action FROM audit_events WHERE action LIKE 'user_two_factor%'").all()
                .map { try $0.decode(column: "action", as: String.self) }
            #expect(actions == ["user_two_factor_enabled"])
        }
    }

    @Test("A recovery code signs in once; wrong codes count as failed sign-ins and lock the account like passwords")
    func recoveryAndGuessing() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let email = "lead@agency.example"
            let user = try await fx.user(.supervisor, email: email)
            let (_, recovery) = try await enroll(fx, user, at: Self.now)
            let challenge = try #require(try await login(fx, email).json()["challenge"].string)
            #expect(try await finish(fx, challenge, recovery[0].uppercased()).status == .ok)
            #expect(try await fx.get("/api/v1/me/two-factor", as: user)["recoveryCodesLeft"].int == 9)
            let next = try #require(try await login(fx, email).json()["challenge"].string)
            #expect(try await finish(fx, next, recovery[0]).errorCode == "invalid_code")
            let used = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'user_recovery_code_used'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(used == 1)

            // Guessing codes: the failures add up with the wrong one above and the throttle answers as for passwords.
            var clock = Self.now
            var statuses: [HTTPStatus] = []
            for attempt in 2...12 {
                if attempt > 3 { clock += SignInThrottle.standard.delay(after: attempt - 1, SignInThrottle.standard.account) }
                fx.setNow(clock)
                let fresh = try await login(fx, email)
                guard fresh.status == .accepted, let challenge = try fresh.json()["challenge"].string else {
                    statuses.append(fresh.status)
                    continue
                }
                statuses.append(try await finish(fx, challenge, "999999").status)
            }
            #expect(statuses.prefix(9).allSatisfy { $0 == .unauthorized }, "\(statuses)")
            #expect(statuses.last == .tooManyRequests, "the account is locked after ten wrong codes: \(statuses)")
            #expect(try await login(fx, email).errorCode == "account_locked")
        }
    }

    @Test("Admins required: an admin without two factors may only set them up; turning it off is refused; an admin resets a user")
    func requiredForAdmins() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let owner = try await fx.user(.admin, email: "owner@agency.example")
            let other = try await fx.user(.admin, email: "second@agency.example")
            let agent = try await fx.user(.agent, email: "agent@agency.example")
            let rule: [String: Any] = ["requireTwoFactorForAdmins": true]
            let refused = try await fx.send(.PUT, "/api/v1/workspace/security", bearer: owner.token, json: rule)
            #expect(refused.errorCode == "two_factor_not_enabled")
            #expect(try await fx.send(.PUT, "/api/v1/workspace/security", bearer: agent.token, json: rule).status == .forbidden)
            _ = try await enroll(fx, owner, at: Self.now)
            #expect(try await fx.send(.PUT, "/api/v1/workspace/security", bearer: owner.token, json: rule).status == .ok)
            #expect(try await fx.get("/api/v1/workspace/security", as: owner)["requireTwoFactorForAdmins"].bool == true)

            // The other admin's existing session may now only set two factors up; the agent is not concerned.
            let blocked = try await fx.send(.GET, "/api/v1/conversations", bearer: other.token)
            #expect(blocked.status == .forbidden)
            #expect(blocked.errorCode == "two_factor_setup_required")
            #expect(try await fx.get("/api/v1/me", as: other)["mustSetUpTwoFactor"].bool == true)
            let page = try await fx.send(.GET, "/inbox", signedInAs: other)
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/security")
            let security = try await fx.send(.GET, "/security", headers: ["Accept-Language": "en"], signedInAs: other)
            #expect(security.status == .ok)
            #expect(security.body.string.contains("Your workspace requires admins to sign in with two factors"))
            #expect(security.body.string.contains("id=\"two-factor-start\""))
            #expect(try await fx.send(.GET, "/api/v1/conversations", bearer: agent.token).status == .ok)
            _ = try await enroll(fx, other, at: Self.now)
            #expect(try await fx.send(.GET, "/api/v1/conversations", bearer: other.token).status == .ok)

            // Required means it stays on; an admin resets another user's (their sessions end), not their own.
            let off = try await fx.send(.DELETE, "/api/v1/me/two-factor", bearer: other.token, json: ["password": Fixtures.password])
            #expect(off.errorCode == "two_factor_required")
            #expect(try await fx.send(.DELETE, "/api/v1/users/\(other.id)/two-factor", bearer: agent.token).status == .forbidden)
            #expect(try await fx.send(.DELETE, "/api/v1/users/\(other.id)/two-factor", bearer: owner.token).status == .noContent)
            #expect(try await fx.send(.GET, "/api/v1/me", bearer: other.token).status == .unauthorized)
            let actions = try await app.db.sql.raw("""
                SELECT action FROM audit_events WHERE action IN ('user_two_factor_reset', 'workspace_security_changed')
                ORDER BY action
                """).all().map { try $0.decode(column: "action", as: String.self) }
            #expect(actions == ["user_two_factor_reset", "workspace_security_changed"])
        }
    }

    @Test("The sign-in page asks for the code on a second form and signs the browser in with it")
    func signInPage() async throws {
        try await withKefu(now: Self.now) { _, fx in
            let email = "web@agency.example"
            let user = try await fx.user(.agent, email: email)
            let (totp, _) = try await enroll(fx, user, at: Self.now)
            fx.setNow(Self.now + 90)
            let first = try await fx.send(
                .POST, "/login", form: ["email": email, "password": Fixtures.password, "next": "/inbox?folder=unread"],
                headers: ["Accept-Language": "zh-CN"])
            #expect(first.status == .ok)
            #expect(first.headers.setCookie?[SessionCookie.name] == nil)
            let html = first.body.string
            #expect(html.contains("action=\"/login/code\""))
            #expect(html.contains("autocomplete=\"one-time-code\""))
            #expect(html.contains("身份验证器"))
            let challenge = try #require(html.firstMatch(of: /name="challenge" value="([^"]+)"/)?.1)
            let wrong = try await fx.send(
                .POST, "/login/code", form: ["challenge": String(challenge), "code": "000000", "email": email],
                headers: ["Accept-Language": "zh-CN"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("验证码错误"))
            let right = try await fx.send(
                .POST, "/login/code",
                form: ["challenge": String(challenge), "code": totp.code(at: Self.now + 90), "next": "/inbox?folder=unread"])
            #expect(right.status == .seeOther)
            #expect(right.headers.first(name: .location) == "/inbox?folder=unread")
            #expect(right.headers.setCookie?[SessionCookie.name] != nil)
        }
    }
}
