import Fluent
import Foundation
import KefuCore
import Vapor

/// Two-factor sign-in: each user sets up their own authenticator app; admins reset a user's and decide whether admins
/// must use it.
struct TwoFactorController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "two-factor", use: status)
        routes.post("me", "two-factor", use: begin)
        routes.post("me", "two-factor", "confirm", use: confirm)
        routes.delete("me", "two-factor", use: disable)
        routes.delete("users", ":userID", "two-factor", use: reset)
        routes.get("workspace", "security", use: security)
        routes.put("workspace", "security", use: changeSecurity)
    }

    struct PasswordInput: Content {
        let password: String
    }

    struct CodeInput: Content {
        let code: String
    }

    struct RecoveryCodesResponse: Content {
        /// Shown once: each signs in once in place of a code from the app.
        let recoveryCodes: [String]
    }

    @Sendable func status(req: Request) async throws -> TwoFactor.Status {
        try await deps.twoFactor(on: req.db).status(of: try await UserModel.of(try req.viewer, on: req.db))
    }

    /// A new secret for the app; the password is asked again, so a borrowed session cannot take the account over.
    @Sendable func begin(req: Request) async throws -> TwoFactor.Enrollment {
        let input = try req.content.decode(PasswordInput.self)
        let user = try await deps.sessions(on: req.db)
            .confirmPassword(of: try req.viewer, input.password, from: req.signInOrigin(.api, deps.settings))
        return try await deps.twoFactor(on: req.db).begin(for: user)
    }

    @Sendable func confirm(req: Request) async throws -> RecoveryCodesResponse {
        let input = try req.content.decode(CodeInput.self)
        let codes = try await deps.twoFactor(on: req.db).confirm(for: try await UserModel.of(try req.viewer, on: req.db), code: input.code, by: try req.viewer)
        return RecoveryCodesResponse(recoveryCodes: codes)
    }

    @Sendable func disable(req: Request) async throws -> HTTPStatus {
        let input = try req.content.decode(PasswordInput.self)
        let viewer = try req.viewer
        let user = try await deps.sessions(on: req.db)
            .confirmPassword(of: viewer, input.password, from: req.signInOrigin(.api, deps.settings))
        try await deps.twoFactor(on: req.db).disable(for: user, by: viewer)
        return .noContent
    }

    /// For a user who lost their phone and their recovery codes: two-factor sign-in off and every session ended; audited.
    @Sendable func reset(req: Request) async throws -> HTTPStatus {
        let viewer = try req.viewer
        try viewer.require(.administer)
        let id = try req.parameters.require("userID", as: UUID.self)
        guard let user = try await UserModel.find(id, on: req.db), user.workspaceID == viewer.workspaceID else {
            throw KefuError.notFound("user")
        }
        guard id != viewer.userID else {
            throw KefuError.conflict("own_account", "Turn your own two-factor sign-in off with DELETE /api/v1/me/two-factor.")
        }
        try await deps.twoFactor(on: req.db).disable(for: user, by: viewer)
        _ = try await deps.sessions(on: req.db).revokeAll(of: id, keeping: nil)
        return .noContent
    }

    struct SecurityRules: Content {
        /// Admins must sign in with a code from an app; an admin without one sets it up before anything else.
        let requireTwoFactorForAdmins: Bool
    }

    @Sendable func security(req: Request) async throws -> SecurityRules {
        let viewer = try req.viewer
        try viewer.require(.administer)
        return SecurityRules(
            requireTwoFactorForAdmins: try await WorkspaceSecurity.requiresTwoFactorForAdmins(viewer.workspaceID, on: req.db.sql))
    }

    /// Audited. An admin turning the rule on must already use two factors: the rule is not for locking oneself out.
    @Sendable func changeSecurity(req: Request) async throws -> SecurityRules {
        let viewer = try req.viewer
        try viewer.require(.administer)
        let input = try req.content.decode(SecurityRules.self)
        if input.requireTwoFactorForAdmins, !viewer.twoFactorEnabled {
            throw KefuError.conflict(
                "two_factor_not_enabled", "Set up two-factor sign-in for yourself before requiring it of every admin.")
        }
        let workspaceID = viewer.workspaceID
        try await deps.transactions.run(on: req.db) { tx in
            try await tx.sql.update("workspaces").set("require_two_factor_for_admins", to: input.requireTwoFactorForAdmins)
                .where("id", .equal, workspaceID).run()
            try await AuditLog.record(
                "workspace_security_changed", conversation: nil, workspace: workspaceID, by: viewer,
                detail: ["requireTwoFactorForAdmins": "\(input.requireTwoFactorForAdmins)"], at: tx.now, on: tx.sql)
        }
        deps.viewers.forgetAll()
        return input
    }
}
