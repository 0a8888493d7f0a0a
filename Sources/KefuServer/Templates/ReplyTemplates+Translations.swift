import Foundation
import KefuCore
import SQLKit
import Vapor

/// A template's translations: the same reply in further languages, each vetted like the template's own text against
/// its platform (or every platform), each change a new version of the template with the earlier text kept.
extension ReplyTemplates {
    /// A translation as written: the title stays the translation's, or is the template's for a new one. With `version`, refused when the template is
    /// no longer at that version.
    struct TranslationInput: Content {
        let title: String?
        let body: String
        let version: Int?
    }

    /// Writes the template's text in `language`, adding the translation or changing it.
    func translate(_ id: UUID, into rawLanguage: String, _ input: TranslationInput, by viewer: Viewer) async throws -> ReplyTemplate {
        try viewer.require(.editTemplates)
        let language = try Self.checkedLanguage(rawLanguage)
        let current = try await Self.load(id, workspace: viewer.workspaceID, on: db.sql)
        if current.isWritten(in: language) {
            throw KefuError.invalid(
                "invalid_field",
                "The template itself is in \(current.language ?? language); change the template rather than add a translation into \(language).")
        }
        let title = try input.title.map(Self.checkedTitle) ?? current.translation(into: language)?.title ?? current.title
        let body = try ConversationService.checkedBody(input.body, field: "body")
        try await vet(body, for: current.platform, by: viewer)
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let before = try await Self.load(id, workspace: viewer.workspaceID, on: sql)
            try Self.requireVersion(input.version ?? current.version, of: before)
            if let earlier = before.translation(into: language) {
                try await Self.keep(earlier, of: before, replacedAt: now, on: sql)
                try await sql.raw("""
                    UPDATE reply_template_translations SET language = \(bind: language), title = \(bind: title),
                    body = \(bind: body), written_by = \(bind: viewer.userID), written_at = \(bind: now)
                    WHERE template_id = \(bind: id) AND language = \(bind: earlier.language)
                    """).run()
            } else {
                try await sql.insert(into: "reply_template_translations")
                    .columns("id", "template_id", "language", "title", "body", "written_by", "written_at")
                    .values(UUID(), id, language, title, body, viewer.userID, now)
                    .run()
            }
            try await bumpVersion(id, from: before.version, on: sql)
            try await AuditLog.record(
                "template_translated", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["title": before.title, "language": language, "version": "\(before.version + 1)"], at: now, on: sql)
            return try await Self.load(id, workspace: viewer.workspaceID, on: sql)
        }
    }

    /// Removes the template's translation into `language`, keeping its text in the history.
    func removeTranslation(_ id: UUID, language rawLanguage: String, by viewer: Viewer) async throws -> ReplyTemplate {
        try viewer.require(.editTemplates)
        let language = try Self.checkedLanguage(rawLanguage)
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let before = try await Self.load(id, workspace: viewer.workspaceID, on: sql)
            guard let earlier = before.translations.first(where: { $0.language.lowercased() == language.lowercased() }) else {
                throw KefuError.notFound("translation")
            }
            try await Self.keep(earlier, of: before, replacedAt: now, on: sql)
            try await sql.raw(
                "DELETE FROM reply_template_translations WHERE template_id = \(bind: id) AND language = \(bind: earlier.language)"
            ).run()
            try await bumpVersion(id, from: before.version, on: sql)
            try await AuditLog.record(
                "template_translation_removed", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["title": before.title, "language": earlier.language, "body": earlier.body], at: now, on: sql)
            return try await Self.load(id, workspace: viewer.workspaceID, on: sql)
        }
    }

    /// Keeps a translation's text in the template's history as the version `template` is at.
    private static func keep(
        _ translation: ReplyTemplateTranslation, of template: ReplyTemplate, replacedAt: Date, on sql: any SQLDatabase
    ) async throws {
        try await keepVersion(
            of: template.id, version: template.version, title: translation.title, body: translation.body,
            platform: template.platform, language: translation.language, translation: translation.language,
            writtenBy: translation.writtenBy, writtenAt: translation.writtenAt, replacedAt: replacedAt, on: sql)
    }

    /// A translation's change is a new version of the template; `updated_by`/`updated_at` stay those of the
    /// template's own text, since its history row names them as that text's writer.
    private func bumpVersion(_ id: UUID, from version: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE reply_templates SET version = \(bind: version + 1) WHERE id = \(bind: id)").run()
    }
}
