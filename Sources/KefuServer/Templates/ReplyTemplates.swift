import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// A canned reply as the API shows it.
struct ReplyTemplate: Content {
    let id: UUID
    let title: String
    let body: String
    /// nil: every platform.
    let platform: Platform?
    let language: String?
    let variables: [String]
    /// 1 when written, one more with each change to it or a translation; the earlier ones are in its history.
    let version: Int
    let createdAt: Date
    let updatedAt: Date?
    /// The same reply in further languages, by language.
    var translations: [ReplyTemplateTranslation] = []
    /// When listed for a conversation's language: the text in that language, the template's own when it has no
    /// translation into it.
    var forLanguage: ReplyTemplateText?

    /// The text to offer a buyer who writes `language`: the translation into its base language, else the template's own.
    func text(for language: String) -> ReplyTemplateText {
        if let translation = translation(into: language) {
            return ReplyTemplateText(language: translation.language, title: translation.title, body: translation.body)
        }
        return ReplyTemplateText(language: self.language, title: title, body: body)
    }

    /// The translation into `language`'s base language (`zh-Hans` finds a `zh-CN` one), if the template has one.
    func translation(into language: String) -> ReplyTemplateTranslation? {
        let base = LanguageTag.base(language)
        return translations.first { LanguageTag.base($0.language) == base }
    }

    /// Whether the template's own text is in `language`'s base language.
    func isWritten(in language: String) -> Bool {
        self.language.map(LanguageTag.base) == LanguageTag.base(language)
    }

    /// Whether the template has a text in `language`'s base language, its own or a translation.
    func speaks(_ language: String) -> Bool {
        isWritten(in: language) || translation(into: language) != nil
    }
}

/// A template's text in one further language.
struct ReplyTemplateTranslation: Content {
    let language: String
    let title: String
    let body: String
    let variables: [String]
    let writtenBy: UUID?
    let writtenAt: Date
}

/// The title and body a picker inserts, and the language they are in.
struct ReplyTemplateText: Content {
    let language: String?
    let title: String
    let body: String
}

/// An earlier version of a template, as it read until `replacedAt`.
struct ReplyTemplateVersion: Content {
    let version: Int
    let title: String
    let body: String
    let platform: Platform?
    let language: String?
    /// When this row is a translation's earlier text: the translation's language (the other fields are the template's
    /// own text otherwise).
    let translation: String?
    /// Who wrote this version.
    let writtenBy: UUID?
    let writtenAt: Date
    let replacedAt: Date?
}

/// The workspace's canned replies: everyone who may reply reads them; supervisors and admins write and change them,
/// and every version must pass the rules of the platform it is for, or of every platform when it is for all. Sending
/// one is a reply like any other, checked again with the conversation's context.
struct ReplyTemplates {
    let db: any Database
    let transactions: WriteTransactions
    let compliance: ComplianceBook

    struct Input: Content {
        let title: String
        let body: String
        let platform: String?
        let language: String?
    }

    /// A change: what is absent stays; `platform` "" makes it a template for every platform. With `version`, the
    /// change is refused when the template is no longer at that version (someone else changed it since).
    struct Change: Content {
        let title: String?
        let body: String?
        let platform: String?
        let language: String?
        let version: Int?
    }

    static let columns: SQLQueryString =
        "id, title, body, platform, language, version, created_at, updated_at"

    /// The workspace's templates. For a conversation (`platform`, `language`), those with a text in its language
    /// come first, then those for its platform before those for every platform, then by the title in that language;
    /// each carries the text to insert (`forLanguage`).
    func list(workspace: UUID, search: String?, platform: Platform?, language: String? = nil) async throws -> [ReplyTemplate] {
        var query: SQLQueryString = "SELECT \(Self.columns) FROM reply_templates WHERE workspace_id = \(bind: workspace)"
        if let platform { query = query + " AND (platform IS NULL OR platform = \(bind: platform.rawValue))" }
        if let search, !search.isEmpty {
            query = query + " AND " + ConversationFilter.contains("title", search)
        }
        var items = try await Self.withTranslations(db.sql.raw(query + " ORDER BY title LIMIT 200").all().map(Self.template), on: db.sql)
        if let language {
            for index in items.indices { items[index].forLanguage = items[index].text(for: language) }
            // By the title the picker shows (the translation's), the database's order breaking ties.
            items = items.enumerated().sorted { a, b in
                let ka = (a.element.speaks(language) ? 0 : 1, a.element.platform == nil ? 1 : 0)
                let kb = (b.element.speaks(language) ? 0 : 1, b.element.platform == nil ? 1 : 0)
                if ka != kb { return ka < kb }
                let ta = a.element.forLanguage?.title ?? a.element.title, tb = b.element.forLanguage?.title ?? b.element.title
                return ta != tb ? ta < tb : a.offset < b.offset
            }.map(\.element)
        }
        return items
    }

    func add(_ input: Input, by viewer: Viewer) async throws -> ReplyTemplate {
        try viewer.require(.editTemplates)
        let title = try Self.checkedTitle(input.title)
        let body = try ConversationService.checkedBody(input.body, field: "body")
        let platform = try input.platform.flatMap { $0.isEmpty ? nil : try Platform.named($0) }
        let language = try input.language.flatMap { $0.isEmpty ? nil : try Self.checkedLanguage($0) }
        try await vet(body, for: platform, by: viewer)
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let id = UUID()
            try await Self.requireUniqueTitle(title, workspace: viewer.workspaceID, except: nil, on: sql)
            try await sql.insert(into: "reply_templates")
                .columns("id", "workspace_id", "title", "body", "platform", "language", "created_by", "created_at", "version")
                .values(id, viewer.workspaceID, title, body, platform?.rawValue, language, viewer.userID, now, 1)
                .run()
            try await AuditLog.record(
                "template_added", conversation: nil, workspace: viewer.workspaceID, by: viewer, detail: ["title": title],
                at: now, on: sql)
            return try await Self.load(id, workspace: viewer.workspaceID, on: sql)
        }
    }

    /// Changes a template, keeping the version it replaces in its history.
    func change(_ id: UUID, _ change: Change, by viewer: Viewer) async throws -> ReplyTemplate {
        try viewer.require(.editTemplates)
        let current = try await Self.load(id, workspace: viewer.workspaceID, on: db.sql)
        let title = try change.title.map(Self.checkedTitle) ?? current.title
        let body = try change.body.map { try ConversationService.checkedBody($0, field: "body") } ?? current.body
        let platform: Platform? =
            if let name = change.platform { name.isEmpty ? nil : try Platform.named(name) } else { current.platform }
        let language = try change.language.map { $0.isEmpty ? nil : try Self.checkedLanguage($0) } ?? current.language
        if let language, current.translation(into: language) != nil {
            throw KefuError.invalid(
                "invalid_field", "The template has a translation into \(language); change that translation or remove it first.")
        }
        if body != current.body || platform != current.platform { try await vet(body, for: platform, by: viewer) }
        if platform != current.platform {
            for translation in current.translations { try await vet(translation.body, for: platform, by: viewer) }
        }
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let before = try await Self.load(id, workspace: viewer.workspaceID, on: sql)
            try Self.requireVersion(change.version ?? current.version, of: before)
            try await Self.requireUniqueTitle(title, workspace: viewer.workspaceID, except: id, on: sql)
            let writer = try await sql.raw(
                "SELECT COALESCE(updated_by, created_by) AS writer FROM reply_templates WHERE id = \(bind: id)"
            ).first()?.decode(column: "writer", as: UUID?.self)
            try await Self.keepVersion(
                of: id, version: before.version, title: before.title, body: before.body, platform: before.platform,
                language: before.language, translation: nil, writtenBy: writer, writtenAt: before.updatedAt ?? before.createdAt,
                replacedAt: now, on: sql)
            try await sql.raw("""
                UPDATE reply_templates SET title = \(bind: title), body = \(bind: body), platform = \(bind: platform?.rawValue),
                language = \(bind: language), version = \(bind: before.version + 1), updated_by = \(bind: viewer.userID),
                updated_at = \(bind: now) WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(
                "template_changed", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["title": title, "version": "\(before.version + 1)"], at: now, on: sql)
            return try await Self.load(id, workspace: viewer.workspaceID, on: sql)
        }
    }

    /// The template's earlier versions, newest first.
    func history(_ id: UUID, by viewer: Viewer) async throws -> [ReplyTemplateVersion] {
        let current = try await Self.load(id, workspace: viewer.workspaceID, on: db.sql)
        let rows = try await db.sql.raw("""
            SELECT version, title, body, platform, language, translation, written_by, written_at,
            replaced_at FROM reply_template_versions
            WHERE template_id = \(bind: id) ORDER BY version DESC
            """).all()
        // Rows kept before `replaced_at` existed were all the template's own text, each replaced when the next was written.
        var replacedAt = current.updatedAt
        var versions: [ReplyTemplateVersion] = []
        for row in rows {
            let version = try Self.version(row, replacedAt: replacedAt)
            versions.append(version)
            replacedAt = version.writtenAt
        }
        return versions
    }

    /// Every template's earlier versions in the workspace, newest first, for the templates page.
    func histories(workspace: UUID) async throws -> [UUID: [ReplyTemplateVersion]] {
        let rows = try await db.sql.raw("""
            SELECT v.template_id, v.version, v.title, v.body, v.platform, v.language, v.translation, v.written_by, v.written_at,
                v.replaced_at
            FROM reply_template_versions v JOIN reply_templates t ON t.id = v.template_id
            WHERE t.workspace_id = \(bind: workspace) ORDER BY v.template_id, v.version DESC
            """).all()
        var histories: [UUID: [ReplyTemplateVersion]] = [:]
        for row in rows {
            histories[try row.decode(column: "template_id", as: UUID.self), default: []]
                .append(try Self.version(row, replacedAt: nil))
        }
        return histories
    }

    func remove(_ id: UUID, by viewer: Viewer) async throws {
        try viewer.require(.editTemplates)
        try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let template = try await Self.load(id, workspace: viewer.workspaceID, on: sql)
            try await sql.raw("DELETE FROM reply_template_versions WHERE template_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM reply_template_translations WHERE template_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM reply_templates WHERE id = \(bind: id)").run()
            try await AuditLog.record(
                "template_removed", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["title": template.title, "body": template.body], at: now, on: sql)
        }
    }

    /// A template for one platform passes that platform's rules; one for every platform passes each platform's, and a
    /// refusal names the platform whose rules it broke. A platform's language rule (Walmart: English to US buyers)
    /// does not bar a template for every platform: its language is its own field, the picker offers it first where
    /// the buyer writes it, and the reply box checks the language of what is sent.
    func vet(_ body: String, for platform: Platform?, by viewer: Viewer) async throws {
        let guardService = ComplianceService(db: db, book: compliance)
        for target in platform.map { [$0] } ?? Platform.allCases {
            var report = try await guardService.check(body, against: .platform(target.rawValue), by: viewer)
            if platform == nil { report.findings.removeAll { $0.category == .language } }
            if report.verdict == .block { throw ComplianceRejection(report: report, platform: platform == nil ? target : nil) }
        }
    }

    static func checkedLanguage(_ raw: String) throws(KefuError) -> String {
        guard let tag = LanguageTag.checked(raw) else {
            throw .invalid("invalid_field", "language must be a language tag such as zh-CN, en or ru.")
        }
        return tag
    }

    static func requireVersion(_ expected: Int, of template: ReplyTemplate) throws(KefuError) {
        guard template.version == expected else {
            throw .conflict("template_changed", "Someone changed this template meanwhile; reload it and edit again.")
        }
    }

    static func checkedTitle(_ raw: String) throws(KefuError) -> String {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 80 else { throw .invalid("invalid_field", "title must be 1–80 characters.") }
        return title
    }

    private static func requireUniqueTitle(_ title: String, workspace: UUID, except id: UUID?, on sql: any SQLDatabase) async throws {
        var query: SQLQueryString =
            "SELECT id FROM reply_templates WHERE workspace_id = \(bind: workspace) AND title = \(bind: title)"
        if let id { query = query + " AND id <> \(bind: id)" }
        guard try await sql.raw(query).first() == nil else {
            throw KefuError.conflict("template_exists", "The workspace already has a template with this title.")
        }
    }

    static func load(_ id: UUID, workspace: UUID, on sql: any SQLDatabase) async throws -> ReplyTemplate {
        guard let row = try await sql.raw(
            "SELECT \(columns) FROM reply_templates WHERE id = \(bind: id) AND workspace_id = \(bind: workspace)"
        ).first() else { throw KefuError.notFound("template") }
        return try await withTranslations([template(row)], on: sql)[0]
    }

    /// `templates` with their translations, read in one query.
    static func withTranslations(_ templates: [ReplyTemplate], on sql: any SQLDatabase) async throws -> [ReplyTemplate] {
        guard !templates.isEmpty else { return [] }
        let rows = try await sql.raw("""
            SELECT template_id, language, title, body, written_by, written_at FROM reply_template_translations
            WHERE template_id IN (\(binds: templates.map(\.id))) ORDER BY language
            """).all()
        var byTemplate: [UUID: [ReplyTemplateTranslation]] = [:]
        for row in rows {
            let body = try row.decode(column: "body", as: String.self)
            byTemplate[try row.decode(column: "template_id", as: UUID.self), default: []].append(ReplyTemplateTranslation(
                language: try row.decode(column: "language", as: String.self),
                title: try row.decode(column: "title", as: String.self), body: body,
                variables: TemplateText(body).variables.map(\.rawValue),
                writtenBy: try row.decode(column: "written_by", as: UUID?.self),
                writtenAt: try row.decode(column: "written_at", as: Date.self)))
        }
        return templates.map { template in
            var template = template
            template.translations = byTemplate[template.id] ?? []
            return template
        }
    }

    /// Keeps what one part of a template (its own text, or the translation `translation`) read at `version`.
    static func keepVersion(
        of id: UUID, version: Int, title: String, body: String, platform: Platform?, language: String?,
        translation: String?, writtenBy: UUID?, writtenAt: Date, replacedAt: Date, on sql: any SQLDatabase
    ) async throws {
        try await sql.insert(into: "reply_template_versions")
            .columns(
                "id", "template_id", "version", "title", "body", "platform", "language", "translation", "written_by",
                "written_at", "replaced_at")
            .values(UUID(), id, version, title, body, platform?.rawValue, language, translation, writtenBy, writtenAt, replacedAt)
            .run()
    }

    private static func version(_ row: any SQLRow, replacedAt: Date?) throws -> ReplyTemplateVersion {
        ReplyTemplateVersion(
            version: try row.decode(column: "version", as: Int.self), title: try row.decode(column: "title", as: String.self),
            body: try row.decode(column: "body", as: String.self),
            platform: try row.decode(column: "platform", as: String?.self).flatMap(Platform.init(rawValue:)),
            language: try row.decode(column: "language", as: String?.self),
            translation: try row.decode(column: "translation", as: String?.self),
            writtenBy: try row.decode(column: "written_by", as: UUID?.self),
            writtenAt: try row.decode(column: "written_at", as: Date.self),
            replacedAt: try row.decode(column: "replaced_at", as: Date?.self) ?? replacedAt)
    }

    private static func template(_ row: any SQLRow) throws -> ReplyTemplate {
        let body = try row.decode(column: "body", as: String.self)
        return ReplyTemplate(
            id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "title", as: String.self),
            body: body, platform: try row.decode(column: "platform", as: String?.self).flatMap(Platform.init(rawValue:)),
            language: try row.decode(column: "language", as: String?.self),
            variables: TemplateText(body).variables.map(\.rawValue),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date?.self))
    }
}
