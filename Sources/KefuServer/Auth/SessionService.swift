import Fluent
import Foundation
import KefuCore
import Vapor

/// Turns credentials into bearer tokens and back.
struct SessionService {
    let db: any Database
    let clock: KefuClock
    let viewers: ViewerCache
    let passwords: PasswordHashing
    let tokenLifetimeDays: Int

    func signIn(email: String, password: String) async throws -> (token: String, expiresAt: Date) {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        let user = try await UserModel.query(on: db).filter(\.$email == normalized).first()
        // Verify against a dummy hash when the user is unknown, so timing does not reveal which e-mails exist.
        let hash = user?.passwordHash ?? "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5/6kzwqJ1vV8G4n3W2m8nVbJ9r7YQ6e"
        let matches = (try? await passwords.verify(password, created: hash)) ?? false
        guard let user, matches else {
            throw KefuError(code: "invalid_credentials", status: 401, message: "The e-mail or password is wrong.")
        }
        let token = Secrets.make(prefix: "kfu_")
        let expiresAt = clock.now().addingTimeInterval(Double(tokenLifetimeDays) * 86_400)
        try await UserTokenModel(userID: try user.requireID(), tokenHash: Secrets.hash(token), expiresAt: expiresAt)
            .create(on: db)
        return (token, expiresAt)
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
        let viewer = try await Viewer.load(user, on: db)
        viewers.store(viewer, forHash: hash, tokenExpiresAt: stored.expiresAt)
        return viewer
    }

    func signOut(token: String) async throws {
        let hash = Secrets.hash(token)
        try await UserTokenModel.query(on: db).filter(\.$tokenHash == hash).delete()
        viewers.forget(hash: hash)
    }
}
