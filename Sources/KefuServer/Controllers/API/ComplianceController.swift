import Foundation
import KefuCore
import Vapor

/// The compliance guard for the reply box and for scripts, and the workspace's own terms.
struct ComplianceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let compliance = routes.grouped("compliance")
        compliance.post("check", use: check)
        compliance.get("terms", use: terms)
        compliance.post("terms", use: addTerm)
        compliance.delete("terms", ":termID", use: removeTerm)
    }

    struct CheckInput: Content {
        let text: String?
        let storeID: UUID?
        let platform: String?
        /// Checks in the conversation's context: its order numbers may be quoted, its buyer's data may not.
        let conversationID: UUID?
    }

    @Sendable func check(req: Request) async throws -> ComplianceReportDTO {
        let input = try req.content.decode(CheckInput.self)
        let viewer = try req.viewer
        guard let text = input.text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw KefuError.invalid("missing_field", "text is required and must not be blank.")
        }
        guard text.count <= IngestLimits.maxBodyCharacters else {
            throw KefuError.invalid("field_too_long", "text is longer than \(IngestLimits.maxBodyCharacters) characters.")
        }
        let sql = req.application.db.sql
        var platform: Platform
        var context = ComplianceContext.none
        if let conversationID = input.conversationID {
            let record = try await sql.conversation(conversationID, visibleTo: viewer)
            platform = record.platform
            context = try await ComplianceService.context(of: record, on: sql)
        } else if let storeID = input.storeID {
            guard viewer.canSee(storeID: storeID),
                let row = try await sql.raw(
                    "SELECT platform FROM stores WHERE id = \(bind: storeID) AND workspace_id = \(bind: viewer.workspaceID)"
                ).first(),
                let found = Platform(rawValue: try row.decode(column: "platform", as: String.self))
            else { throw KefuError.notFound("store") }
            platform = found
        } else if let name = input.platform {
            guard let found = Platform(identifier: name) else {
                throw KefuError.invalid(
                    "unknown_platform", "\(name) is not a platform; use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            platform = found
        } else {
            throw KefuError.invalid("missing_field", "Name the storeID, conversationID or platform whose rules to check against.")
        }
        let report = try await ComplianceService(app: req.application)
            .check(text, platform: platform, workspace: viewer.workspaceID, context: context)
        return ComplianceReportDTO(report, language: req.readerLanguage)
    }

    struct TermsResponse: Content {
        let items: [ComplianceTerm]
    }

    @Sendable func terms(req: Request) async throws -> TermsResponse {
        TermsResponse(items: try await ComplianceTerms.list(workspace: try req.viewer.workspaceID, on: req.application.db.sql))
    }

    @Sendable func addTerm(req: Request) async throws -> Response {
        let input = try req.content.decode(ComplianceTerms.Input.self)
        return try await ComplianceTerms.add(input, by: try req.viewer, app: req.application).encodeResponse(status: .created, for: req)
    }

    @Sendable func removeTerm(req: Request) async throws -> HTTPStatus {
        try await ComplianceTerms.remove(try req.parameters.requireUUID("termID"), by: try req.viewer, app: req.application)
        return .noContent
    }
}
