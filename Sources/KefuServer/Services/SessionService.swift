import Fluent
import Foundation
import KefuCore
import Vapor

/// Turns credentials into bearer tokens and back.
struct SessionService {
    let app: Application

    func signIn(email: String, password: String) async throws -> (token: String, expiresAt: Date) {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        let user = try await UserModel.query(on: app.db).filter(\.$email == normalized).first()
        // Verify against a dummy hash when the user is unknown, so timing does not reveal which e-mails exist.
        let hash = user?.passwordHash ?? "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5/6kzwqJ1vV8G4n3W2m8nVbJ9r7YQ6e"
        let matches = (try? await app.passwordHashing.verify(password, created: hash)) ?? false
        guard let user, matches else {
            throw KefuError(code: "invalid_credentials", status: 401, message: "The e-mail or password is wrong.")
        }
        let token = Secrets.make(prefix: "kfu_")
        let expiresAt = app.clock.now().addingTimeInterval(Double(app.kefu.tokenLifetimeDays) * 86_400)
        try await UserTokenModel(userID: try user.requireID(), tokenHash: Secrets.hash(token), expiresAt: expiresAt)
            .create(on: app.db)
        return (token, expiresAt)
    }

    /// The signed-in user of a bearer token or session cookie, if it is known and not expired.
    func viewer(forToken token: String) async throws -> Viewer? {
        let hash = Secrets.hash(token)
        let now = app.clock.now()
        if let cached = app.viewerCache.viewer(forHash: hash, at: now) { return cached }
        return try await storedViewer(forHash: hash, at: now)
    }

    /// The signed-in user of a token seen in the last few seconds, without asking the database.
    func cachedViewer(forToken token: String) -> Viewer? {
        app.viewerCache.viewer(forHash: Secrets.hash(token), at: app.clock.now())
    }

    private func storedViewer(forHash hash: String, at now: Date) async throws -> Viewer? {
        guard let stored = try await UserTokenModel.query(on: app.db).filter(\.$tokenHash == hash).first(),
            stored.expiresAt > now,
            let user = try await UserModel.find(stored.userID, on: app.db)
        else { return nil }
        let viewer = try await Viewer.load(user, on: app.db)
        app.viewerCache.store(viewer, forHash: hash, tokenExpiresAt: stored.expiresAt)
        return viewer
    }

    func signOut(token: String) async throws {
        let hash = Secrets.hash(token)
        try await UserTokenModel.query(on: app.db).filter(\.$tokenHash == hash).delete()
        app.viewerCache.forget(hash: hash)
    }
}
