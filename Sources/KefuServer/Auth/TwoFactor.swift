import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// A user's second sign-in factor: an authenticator app's one-time codes (TOTP), with recovery codes for a lost phone.
///
/// The secret is sealed with the same key as channels' secrets; recovery codes are kept as hashes. A code is good
/// once: the step it belongs to is written with a condition, so two sign-ins racing with one code cannot both pass.
struct TwoFactor {
    let db: any Database
    let transactions: WriteTransactions
    let secrets: SecretBox
    let clock: KefuClock
    let viewers: ViewerCache

    static let issuer = "Kefu"

    private var sql: any SQLDatabase { db.sql }

    struct Status: Content {
        /// A confirmed authenticator: sign-in asks for a code.
        let enabled: Bool
        /// Set up but not yet confirmed with a first code.
        let pending: Bool
        let recoveryCodesLeft: Int
        /// The workspace requires it of this user (admins, when the workspace says so).
        let required: Bool
    }

    struct Enrollment: Content {
        /// Base32, for typing into an authenticator app.
        let secret: String
        /// `otpauth://` for apps that open or scan it.
        let uri: String
    }

    private struct Stored {
        let totp: KefuCore.TOTP
        let confirmed: Bool
        let lastStep: Int64?
        let recoveryHashes: [String]
    }

    private func stored(_ userID: UUID) async throws -> Stored? {
        guard let row = try await sql.select().columns("secret", "confirmed_at", "last_step", "recovery_codes")
            .from("user_two_factor").where("user_id", .equal, userID).first()
        else { return nil }
        let opened = try secrets.open(try row.decode(column: "secret", as: String.self))
        guard let secret = opened["totp"].flatMap(Base32.decode) else {
            throw KefuError(code: "internal_error", status: 500, message: "A stored two-factor secret is unreadable.")
        }
        let codes = try row.decode(column: "recovery_codes", as: String.self)
        return Stored(
            totp: KefuCore.TOTP(secret: secret), confirmed: try row.decode(column: "confirmed_at", as: Date?.self) != nil,
            lastStep: try row.decode(column: "last_step", as: Int64?.self),
            recoveryHashes: codes.split(separator: ",").map(String.init))
    }

    func isEnabled(_ userID: UUID) async throws -> Bool {
        try await stored(userID)?.confirmed ?? false
    }

    func status(of user: UserModel) async throws -> Status {
        let stored = try await stored(try user.requireID())
        return Status(
            enabled: stored?.confirmed ?? false, pending: stored.map { !$0.confirmed } ?? false,
            recoveryCodesLeft: stored?.confirmed == true ? stored?.recoveryHashes.count ?? 0 : 0,
            required: try await isRequired(of: user))
    }

    func isRequired(of user: UserModel) async throws -> Bool {
        guard user.role == .admin else { return false }
        return try await WorkspaceSecurity.requiresTwoFactorForAdmins(user.workspaceID, on: sql)
    }

    /// A new secret for the user's app, replacing one set up earlier and never confirmed. A confirmed one stays until
    /// it is turned off: setting up again must not silently end the old phone's codes.
    func begin(for user: UserModel) async throws -> Enrollment {
        let userID = try user.requireID()
        if try await stored(userID)?.confirmed == true {
            throw KefuError.conflict("two_factor_enabled", "Two-factor sign-in is already on; turn it off first to set up another app.")
        }
        let totp = KefuCore.TOTP(secret: KefuCore.TOTP.newSecret())
        let sealed = try secrets.seal(["totp": Base32.encode(totp.secret)])
        try await transactions.run(on: db) { tx in
            try await tx.sql.delete(from: "user_two_factor").where("user_id", .equal, userID).run()
            try await tx.sql.insert(into: "user_two_factor")
                .columns("user_id", "secret", "recovery_codes", "created_at")
                .values(SQLBind(userID), SQLBind(sealed), SQLBind(""), SQLBind(tx.now))
                .run()
        }
        return Enrollment(secret: Base32.encode(totp.secret), uri: totp.uri(account: user.email, issuer: Self.issuer))
    }

    /// The first code from the app turns two-factor sign-in on and returns the recovery codes, shown this once.
    func confirm(for user: UserModel, code: String, by viewer: Viewer) async throws -> [String] {
        let userID = try user.requireID()
        guard let stored = try await stored(userID), !stored.confirmed else {
            throw KefuError.conflict("no_pending_setup", "There is no two-factor setup waiting for a code: start one first.")
        }
        let now = clock.now()
        guard let step = stored.totp.matchingStep(code, at: now) else {
            throw KefuError.invalid("invalid_code", "That code is not the one the app shows now; check the phone's clock.")
        }
        let codes = RecoveryCodes.generate()
        let hashes = codes.map { Secrets.hash(RecoveryCodes.normalized($0)) }.joined(separator: ",")
        try await transactions.run(on: db) { tx in
            try await tx.sql.update("user_two_factor").set("confirmed_at", to: tx.now).set("last_step", to: step)
                .set("recovery_codes", to: hashes).where("user_id", .equal, userID).run()
            try await AuditLog.record(
                "user_two_factor_enabled", conversation: nil, workspace: user.workspaceID, by: viewer,
                detail: ["user": userID.uuidString], at: tx.now, on: tx.sql)
        }
        viewers.forgetAll()
        return codes
    }

    /// Turns it off: the user themself, or an admin for a user who lost their phone and codes (`by` names who).
    func disable(for user: UserModel, by viewer: Viewer) async throws {
        let userID = try user.requireID()
        if viewer.userID == userID, try await isRequired(of: user) {
            throw KefuError.conflict(
                "two_factor_required", "Your workspace requires two-factor sign-in for admins, so it cannot be turned off.")
        }
        let event = viewer.userID == userID ? "user_two_factor_disabled" : "user_two_factor_reset"
        try await transactions.run(on: db) { tx in
            try await tx.sql.delete(from: "user_two_factor").where("user_id", .equal, userID).run()
            try await AuditLog.record(
                event, conversation: nil, workspace: user.workspaceID, by: viewer, detail: ["user": userID.uuidString],
                at: tx.now, on: tx.sql)
        }
        viewers.forgetAll()
    }

    /// Whether `code` (six digits from the app, or a recovery code) is right for the user now, using it up.
    func verify(_ code: String, for user: UserModel) async throws -> Bool {
        let userID = try user.requireID()
        guard let stored = try await stored(userID), stored.confirmed else { return false }
        if RecoveryCodes.looksLikeOne(code) {
            let hash = Secrets.hash(RecoveryCodes.normalized(code))
            guard stored.recoveryHashes.contains(where: { constantTimeEqual($0, hash) }) else { return false }
            let before = stored.recoveryHashes.joined(separator: ",")
            let after = stored.recoveryHashes.filter { $0 != hash }.joined(separator: ",")
            let used = try await transactions.run(on: db) { tx in
                let row = try await tx.sql.raw("""
                    UPDATE user_two_factor SET recovery_codes = \(bind: after)
                    WHERE user_id = \(bind: userID) AND recovery_codes = \(bind: before) RETURNING user_id
                    """).first()
                if row != nil {
                    try await AuditLog.record(
                        "user_recovery_code_used", conversation: nil, workspace: user.workspaceID, by: nil,
                        detail: ["user": userID.uuidString, "left": "\(stored.recoveryHashes.count - 1)"], at: tx.now,
                        on: tx.sql)
                }
                return row != nil
            }
            return used
        }
        guard let step = stored.totp.matchingStep(code, at: clock.now(), after: stored.lastStep) else { return false }
        return try await transactions.run(on: db) { tx in
            try await tx.sql.raw("""
                UPDATE user_two_factor SET last_step = \(bind: step)
                WHERE user_id = \(bind: userID) AND (last_step IS NULL OR last_step < \(bind: step)) RETURNING user_id
                """).first() != nil
        }
    }
}

/// The workspace's security rules.
enum WorkspaceSecurity {
    static func requiresTwoFactorForAdmins(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("require_two_factor_for_admins").from("workspaces").where("id", .equal, workspaceID)
            .first()?.decode(column: "require_two_factor_for_admins", as: Bool.self) ?? false
    }
}
