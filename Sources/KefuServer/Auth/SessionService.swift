import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Turns credentials into bearer tokens and back, slows password guessing, and lists and ends a user's sessions.
struct SessionService {
    let db: any Database
    let transactions: WriteTransactions
    let clock: KefuClock
    let viewers: ViewerCache
    let passwords: PasswordHashing
    let policy: PasswordPolicy
    let throttle: SignInThrottle
    let refusals: SignInRefusals
    let twoFactor: TwoFactor
    let tokenLifetimeDays: Int

    /// How long a sign-in waits for its second step.
    static let challengeLifetime: TimeInterval = 300

    /// Where a sign-in comes from, kept on the session so its owner can recognise it.
    struct Origin {
        var kind: SessionKind
        var address: String
        var userAgent: String?

        static let test = Origin(kind: .api, address: "test", userAgent: nil)
    }

    enum SessionKind: String, Codable {
        /// A bearer token from `POST /api/v1/auth/login`: expires a fixed time after sign-in.
        case api
        /// The pages' cookie: expires after the same time without use (each use pushes it back).
        case web
    }

    private var failures: SignInFailures {
        SignInFailures(database: db, transactions: transactions, throttle: throttle, refusals: refusals)
    }

    private var lifetime: TimeInterval { Double(tokenLifetimeDays) * 86_400 }

    enum SignInResult {
        case signedIn(token: String, expiresAt: Date)
        /// The password was right and the user has two-factor sign-in on: `challenge` and a code finish it.
        case needsCode(challenge: String, expiresAt: Date)
    }

    func signIn(email: String, password: String, from origin: Origin) async throws -> SignInResult {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        let now = clock.now()
        let found = try await check(password, email: normalized, from: origin, at: now) {
            try await UserModel.query(on: db).filter(\.$email == normalized).first()
        }
        guard let (user, needsCode) = found else {
            throw KefuError(code: "invalid_credentials", status: 401, message: "The e-mail or password is wrong.")
        }
        guard needsCode else {
            let (token, expiresAt) = try await issueToken(for: user, from: origin, at: now)
            return .signedIn(token: token, expiresAt: expiresAt)
        }
        let challenge = Secrets.make(prefix: "kfc_")
        let expiresAt = now.addingTimeInterval(Self.challengeLifetime)
        let userID = try user.requireID()
        try await transactions.run(on: db) { tx in
            try await tx.sql.delete(from: "sign_in_challenges").where("expires_at", .lessThan, tx.now).run()
            try await tx.sql.insert(into: "sign_in_challenges")
                .columns("id", "token_hash", "user_id", "kind", "address", "user_agent", "expires_at")
                .values(
                    SQLBind(UUID()), SQLBind(Secrets.hash(challenge)), SQLBind(userID), SQLBind(origin.kind.rawValue),
                    SQLBind(origin.address), SQLBind(origin.userAgent.map { String($0.prefix(300)) }), SQLBind(expiresAt))
                .run()
        }
        return .needsCode(challenge: challenge, expiresAt: expiresAt)
    }

    /// The second step: the challenge from a right password and a code from the user's app (or a recovery code).
    /// A wrong code counts as a failed sign-in of the account, so codes are guessed no faster than passwords.
    func finishSignIn(challenge: String, code: String, from origin: Origin) async throws -> (token: String, expiresAt: Date) {
        let now = clock.now()
        let hash = Secrets.hash(challenge)
        guard let row = try await db.sql.select().columns("id", "user_id", "kind").from("sign_in_challenges")
            .where("token_hash", .equal, hash).where("expires_at", .greaterThan, now).first(),
            let user = try await UserModel.find(try row.decode(column: "user_id", as: UUID.self), on: db)
        else {
            throw KefuError(code: "challenge_expired", status: 401, message: "This sign-in has expired: enter the password again.")
        }
        let attempt = try await failures.begin(email: user.email, address: origin.address, at: now)
        guard try await twoFactor.verify(code, for: user) else {
            if throttle.locks(afterFailure: attempt.accountFailures, .account) {
                try await recordLock(of: user, attempt: attempt, at: now)
            }
            throw KefuError(code: "invalid_code", status: 401, message: "The code is wrong or was already used.")
        }
        try await failures.succeeded(attempt)
        let challengeID = try row.decode(column: "id", as: UUID.self)
        try await transactions.run(on: db) { tx in
            try await tx.sql.delete(from: "sign_in_challenges").where("id", .equal, challengeID).run()
        }
        let kind = SessionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? origin.kind
        return try await issueToken(for: user, from: Origin(kind: kind, address: origin.address, userAgent: origin.userAgent), at: now)
    }

    private func issueToken(for user: UserModel, from origin: Origin, at now: Date) async throws -> (token: String, expiresAt: Date) {
        let token = Secrets.make(prefix: "kfu_")
        let expiresAt = now.addingTimeInterval(lifetime)
        let stored = UserTokenModel(userID: try user.requireID(), tokenHash: Secrets.hash(token), expiresAt: expiresAt)
        stored.kind = origin.kind.rawValue
        stored.address = origin.address
        stored.userAgent = origin.userAgent.map { String($0.prefix(300)) }
        stored.lastUsedAt = now
        try await transactions.run(on: db) { tx in try await stored.create(on: tx.db) }
        return (token, expiresAt)
    }

    /// The user `load` finds when `password` is theirs, within the limits on guessing: a throttled attempt throws
    /// `SignInThrottled` before the user is even looked up; a wrong password is counted (and audited when it locks the
    /// account); a right one clears the account's failures, unless a second step is still to come. An unknown user
    /// costs the same time and is always wrong.
    private func check(
        _ password: String, email: String, from origin: Origin, at now: Date, user load: () async throws -> UserModel?
    ) async throws -> (user: UserModel, needsCode: Bool)? {
        let attempt = try await failures.begin(email: email, address: origin.address, at: now)
        let user = try await load()
        guard refusals.startCheck(address: origin.address) else {
            try await failures.forget(attempt.id)
            throw refusals.refuse(.wait(.address, until: now.addingTimeInterval(1)), at: now)
        }
        var matches = false
        do {
            defer { refusals.endCheck(address: origin.address) }
            let lane: PasswordHashing.Lane = attempt.isSuspect ? .suspect : .normal
            if let user {
                matches = (try? await passwords.verify(password, created: user.passwordHash, lane: lane)) ?? false
            } else {
                try await passwords.verifyNobody(password, lane: lane)
            }
        }
        guard matches, let user else {
            if throttle.locks(afterFailure: attempt.accountFailures, .account) {
                try await recordLock(of: user, attempt: attempt, at: now)
            }
            return nil
        }
        let needsCode = try await twoFactor.isEnabled(try user.requireID())
        if needsCode {
            try await failures.forget(attempt.id)
        } else {
            try await failures.succeeded(attempt)
        }
        return (user, needsCode)
    }

    /// The failure that locked an account is audited in its workspace (an unknown e-mail belongs to none, so its lock is
    /// not audited); old failures are cleared out at the same time.
    private func recordLock(of user: UserModel?, attempt: SignInFailures.Attempt, at now: Date) async throws {
        let until = now.addingTimeInterval(throttle.window)
        if let user {
            let detail = [
                "user": try user.requireID().uuidString, "email": attempt.email, "address": attempt.address,
                "until": ISO8601DateFormatter().string(from: until),
            ]
            try await transactions.run(on: db) { tx in
                try await AuditLog.record(
                    "user_sign_in_locked", conversation: nil, workspace: user.workspaceID, by: nil, detail: detail,
                    at: now, on: tx.sql)
            }
        }
        try await failures.prune(before: now.addingTimeInterval(-86_400))
    }

    /// The signed-in user of a bearer token or session cookie, if it is known and not expired.
    func viewer(forToken token: String) async throws -> Viewer? {
        let hash = Secrets.hash(token)
        let now = clock.now()
        if let cached = viewers.viewer(forHash: hash, at: now) { return cached }
        return try await storedViewer(forHash: hash, at: now)
    }

    /// The signed-in user of a token seen in the last few seconds, without asking the database.
    func cachedViewer(forToken token: String) -> Viewer? {
        viewers.viewer(forHash: Secrets.hash(token), at: clock.now())
    }

    private func storedViewer(forHash hash: String, at now: Date) async throws -> Viewer? {
        guard let stored = try await UserTokenModel.query(on: db).filter(\.$tokenHash == hash).first(),
            stored.expiresAt > now,
            let user = try await UserModel.find(stored.userID, on: db)
        else { return nil }
        try await noteUse(of: stored, at: now)
        let viewer = try await Viewer.load(user, on: db)
        viewers.store(viewer, forHash: hash, tokenExpiresAt: stored.expiresAt)
        return viewer
    }

    /// Last use is written at most once a minute (the viewer cache answers in between); a page session's expiry moves
    /// with it.
    private func noteUse(of token: UserTokenModel, at now: Date) async throws {
        guard (token.lastUsedAt ?? .distantPast) < now.addingTimeInterval(-60) else { return }
        let id = try token.requireID()
        let slides = token.kind == SessionKind.web.rawValue
        if slides { token.expiresAt = now.addingTimeInterval(lifetime) }
        let expiresAt = token.expiresAt
        try await transactions.run(on: db) { tx in
            var update = tx.sql.update("user_tokens").set("last_used_at", to: now)
            if slides { update = update.set("expires_at", to: expiresAt) }
            try await update.where("id", .equal, id).run()
        }
    }

    func signOut(token: String) async throws {
        let hash = Secrets.hash(token)
        try await transactions.run(on: db) { tx in try await UserTokenModel.query(on: tx.db).filter(\.$tokenHash == hash).delete() }
        viewers.forget(hash: hash)
    }

    // MARK: - A user's sessions

    struct Session: Content {
        let id: UUID
        let kind: SessionKind
        let createdAt: Date?
        let lastUsedAt: Date?
        let expiresAt: Date
        let address: String?
        let userAgent: String?
        /// The session this request was made with.
        let current: Bool
    }

    /// The user's sessions that have not expired, most recently used first.
    func sessions(of userID: UUID, currentToken: String?) async throws -> [Session] {
        let currentHash = currentToken.map(Secrets.hash)
        return try await UserTokenModel.query(on: db).filter(\.$userID == userID).filter(\.$expiresAt > clock.now())
            .all()
            .map { token in
                Session(
                    id: try token.requireID(), kind: SessionKind(rawValue: token.kind ?? "") ?? .api,
                    createdAt: token.createdAt, lastUsedAt: token.lastUsedAt, expiresAt: token.expiresAt,
                    address: token.address, userAgent: token.userAgent, current: token.tokenHash == currentHash)
            }
            .sorted { ($0.lastUsedAt ?? .distantPast, $0.id.uuidString) > ($1.lastUsedAt ?? .distantPast, $1.id.uuidString) }
    }

    /// Ends one of the user's sessions; another user's is not found.
    func revoke(_ sessionID: UUID, of userID: UUID) async throws {
        guard let token = try await UserTokenModel.find(sessionID, on: db), token.userID == userID else {
            throw KefuError.notFound("session")
        }
        try await transactions.run(on: db) { tx in try await token.delete(on: tx.db) }
        viewers.forget(hash: token.tokenHash)
    }

    /// Ends every session of the user but `keeping` (the one asking, when it is theirs); answers how many ended.
    func revokeAll(of userID: UUID, keeping token: String?) async throws -> Int {
        let keep = token.map(Secrets.hash)
        let tokens = try await UserTokenModel.query(on: db).filter(\.$userID == userID).all().filter { $0.tokenHash != keep }
        guard !tokens.isEmpty else { return 0 }
        let ids = tokens.compactMap(\.id)
        try await transactions.run(on: db) { tx in try await UserTokenModel.query(on: tx.db).filter(\.$id ~~ ids).delete() }
        for token in tokens { viewers.forget(hash: token.tokenHash) }
        return tokens.count
    }

    // MARK: - Changing one's password

    /// Replaces the user's password when `current` is right and `new` passes the policy, then ends every other
    /// session: whoever knew the old password is signed out. A wrong `current` counts as a failed sign-in.
    func changePassword(of viewer: Viewer, current: String, new: String, from origin: Origin, keeping token: String?)
        async throws -> Int
    {
        let user = try await confirmPassword(of: viewer, current, from: origin)
        let now = clock.now()
        if let problem = policy.problem(with: new, email: user.email) {
            throw KefuError.invalid("weak_password", PasswordPolicy.message(for: problem))
        }
        user.passwordHash = try await passwords.hash(new)
        try await transactions.run(on: db) { tx in
            try await user.update(on: tx.db)
            try await AuditLog.record(
                "user_password_changed", conversation: nil, workspace: user.workspaceID, by: viewer,
                detail: ["user": viewer.userID.uuidString], at: now, on: tx.sql)
        }
        return try await revokeAll(of: viewer.userID, keeping: token)
    }

    /// The signed-in user's own record when `password` is theirs, for changes that ask for it again (a new password,
    /// two-factor sign-in on or off). A wrong one counts as a failed sign-in.
    func confirmPassword(of viewer: Viewer, _ password: String, from origin: Origin) async throws -> UserModel {
        let user = try await UserModel.of(viewer, on: db)
        guard try await check(password, email: user.email, from: origin, at: clock.now(), user: { user }) != nil else {
            throw KefuError(code: "wrong_password", status: 403, message: "The current password is wrong.")
        }
        return user
    }
}
