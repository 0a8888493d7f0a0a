import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// A workspace's own compliance terms: what it adds to its platforms' rules and what it excuses.
struct ComplianceTerm: Content {
    let id: UUID
    let term: String
    let action: CustomTerm.Action
    let category: ComplianceCategory
    let severity: Severity
    /// nil: every platform.
    let platform: Platform?
    let createdAt: Date

    var custom: CustomTerm { CustomTerm(term: term, action: action, category: category, severity: severity) }
}

/// Adds, lists and removes a workspace's terms; admins only (they edit lexicons), and every change is audited.
struct ComplianceTerms {
    let db: any Database
    let transactions: WriteTransactions
    let book: ComplianceBook

    struct Input: Content {
        let term: String
        let action: CustomTerm.Action?
        let category: ComplianceCategory?
        let severity: Severity?
        let platform: String?
    }

    func list(workspace: UUID) async throws -> [ComplianceTerm] {
        try await Self.list(workspace: workspace, on: db.sql)
    }

    static func list(workspace: UUID, on db: any SQLDatabase) async throws -> [ComplianceTerm] {
        try await db.raw("""
            SELECT id, term, action, category, severity, platform, created_at FROM compliance_terms
            WHERE workspace_id = \(bind: workspace) ORDER BY created_at, term
            """).all().map { row in
            ComplianceTerm(
                id: try row.decode(column: "id", as: UUID.self), term: try row.decode(column: "term", as: String.self),
                action: try row.decodeStored(column: "action", as: CustomTerm.Action.self),
                category: try row.decodeStored(column: "category", as: ComplianceCategory.self),
                severity: try row.decodeStored(column: "severity", as: Severity.self),
                platform: Platform(rawValue: try row.decode(column: "platform", as: String.self)),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    func add(_ input: Input, by viewer: Viewer) async throws -> ComplianceTerm {
        try viewer.require(.administer)
        let term = input.term.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !term.isEmpty, term.count <= 100 else {
            throw KefuError.invalid("invalid_term", "term must be 1–100 characters.")
        }
        if let problem = TermSyntax.problem(with: term) { throw KefuError.invalid("invalid_term", "term \(problem).") }
        let platform = try input.platform.map { try Platform.named($0) }
        let created = try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let created = ComplianceTerm(
                id: UUID(), term: term, action: input.action ?? .deny, category: input.category ?? .forbiddenWording,
                severity: input.severity ?? .block, platform: platform, createdAt: now)
            let exists = try await sql.raw("""
                SELECT id FROM compliance_terms WHERE workspace_id = \(bind: viewer.workspaceID) AND term = \(bind: term)
                AND action = \(bind: created.action.rawValue) AND platform = \(bind: platform?.rawValue ?? "*")
                """).first()
            guard exists == nil else { throw KefuError.conflict("term_exists", "The workspace already has this term.") }
            try await sql.insert(into: "compliance_terms")
                .columns("id", "workspace_id", "term", "action", "category", "severity", "platform", "created_by", "created_at")
                .values(
                    created.id, viewer.workspaceID, term, created.action.rawValue, created.category.rawValue,
                    created.severity.rawValue, platform?.rawValue ?? "*", viewer.userID, now
                ).run()
            try await AuditLog.record(
                "compliance_term_added", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["term": term, "action": created.action.rawValue, "platform": platform?.rawValue ?? "*"], at: now, on: sql)
            return created
        }
        book.termsChanged(in: viewer.workspaceID)
        return created
    }

    func remove(_ id: UUID, by viewer: Viewer) async throws {
        try viewer.require(.administer)
        try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            guard let row = try await sql.raw(
                "SELECT term FROM compliance_terms WHERE id = \(bind: id) AND workspace_id = \(bind: viewer.workspaceID)"
            ).first() else { throw KefuError.notFound("compliance term") }
            try await sql.raw("DELETE FROM compliance_terms WHERE id = \(bind: id)").run()
            try await AuditLog.record(
                "compliance_term_removed", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["term": try row.decode(column: "term", as: String.self)], at: now, on: sql)
        }
        book.termsChanged(in: viewer.workspaceID)
    }
}
