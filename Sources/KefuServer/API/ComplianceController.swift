import Foundation
import KefuCore
import Vapor

/// The compliance guard for the reply box and for scripts, and the workspace's own terms.
struct ComplianceController: RouteCollection {
    let deps: Dependencies

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

    /// Decodes with one shared decoder rather than choosing one by content type: the reply box calls this on every
    /// pause in typing.
    private static let decoder = NULRejection.Checking.json(JSONDecoder())

    @Sendable func check(req: Request) async throws -> Response {
        let input = try req.content.decode(CheckInput.self, using: Self.decoder)
        let target: ComplianceService.Target
        if let id = input.conversationID {
            target = .conversation(id)
        } else if let id = input.storeID {
            target = .store(id)
        } else if let name = input.platform {
            target = .platform(name)
        } else {
            throw KefuError.invalid("missing_field", "Name the storeID, conversationID or platform whose rules to check against.")
        }
        let report = try await deps.complianceService(on: req.db).check(input.text ?? "", against: target, by: try req.viewer)
        deps.metrics.guardVerdict(report.verdict.rawValue, source: "check")
        return report.json(language: req.readerLanguage).response()
    }

    struct TermsResponse: Content {
        let items: [ComplianceTerm]
    }

    @Sendable func terms(req: Request) async throws -> TermsResponse {
        TermsResponse(items: try await deps.complianceTerms(on: req.db).list(workspace: try req.viewer.workspaceID))
    }

    @Sendable func addTerm(req: Request) async throws -> Response {
        let input = try req.content.decode(ComplianceTerms.Input.self)
        return try await deps.complianceTerms(on: req.db).add(input, by: try req.viewer).encodeResponse(status: .created, for: req)
    }

    @Sendable func removeTerm(req: Request) async throws -> HTTPStatus {
        try await deps.complianceTerms(on: req.db).remove(try req.parameters.requireUUID("termID"), by: try req.viewer)
        return .noContent
    }
}
