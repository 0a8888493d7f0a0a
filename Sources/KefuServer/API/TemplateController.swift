import Foundation
import KefuCore
import Vapor

/// The workspace's canned replies: `GET /templates?q=&platform=&language=`, `POST /templates`,
/// `PATCH /templates/{id}`, `GET /templates/{id}/versions`, `DELETE /templates/{id}`, and its translations:
/// `PUT`/`DELETE /templates/{id}/translations/{language}`.
struct TemplateController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        let templates = routes.grouped("templates")
        templates.get(use: list)
        templates.post(use: add)
        templates.patch(":templateID", use: change)
        templates.get(":templateID", "versions", use: versions)
        templates.delete(":templateID", use: remove)
        templates.put(":templateID", "translations", ":language", use: translate)
        templates.delete(":templateID", "translations", ":language", use: removeTranslation)
    }

    @Sendable func translate(req: Request) async throws -> ReplyTemplate {
        let input = try req.content.decode(ReplyTemplates.TranslationInput.self)
        return try await deps.templates(on: req.db).translate(
            try req.parameters.requireUUID("templateID"), into: req.parameters.get("language") ?? "", input, by: try req.viewer)
    }

    @Sendable func removeTranslation(req: Request) async throws -> ReplyTemplate {
        try await deps.templates(on: req.db).removeTranslation(
            try req.parameters.requireUUID("templateID"), language: req.parameters.get("language") ?? "", by: try req.viewer)
    }

    struct ListResponse: Content {
        let items: [ReplyTemplate]
    }

    @Sendable func list(req: Request) async throws -> ListResponse {
        let viewer = try req.viewer
        let platform = try req.query[String.self, at: "platform"].flatMap { $0.isEmpty ? nil : try Platform.named($0) }
        return ListResponse(items: try await deps.templates(on: req.db).list(
            workspace: viewer.workspaceID, search: req.query[String.self, at: "q"], platform: platform,
            language: req.query[String.self, at: "language"].flatMap { $0.isEmpty ? nil : $0 }))
    }

    @Sendable func change(req: Request) async throws -> ReplyTemplate {
        let change = try req.content.decode(ReplyTemplates.Change.self)
        return try await deps.templates(on: req.db).change(
            try req.parameters.requireUUID("templateID"), change, by: try req.viewer)
    }

    struct VersionsResponse: Content {
        let items: [ReplyTemplateVersion]
    }

    @Sendable func versions(req: Request) async throws -> VersionsResponse {
        VersionsResponse(items: try await deps.templates(on: req.db).history(
            try req.parameters.requireUUID("templateID"), by: try req.viewer))
    }

    @Sendable func add(req: Request) async throws -> Response {
        let input = try req.content.decode(ReplyTemplates.Input.self)
        return try await deps.templates(on: req.db).add(input, by: try req.viewer).encodeResponse(status: .created, for: req)
    }

    @Sendable func remove(req: Request) async throws -> HTTPStatus {
        try await deps.templates(on: req.db).remove(try req.parameters.requireUUID("templateID"), by: try req.viewer)
        return .noContent
    }
}
