import Fluent
import Foundation
import KefuCore
import SQLKit

extension Dependencies {
    /// The API shape of conversations, with their SLA read now on each store's clock and the risk flags of their
    /// buyers' messages.
    func conversationDTOs(
        _ records: [ConversationRecord], labels: [UUID: [String]] = [:], on db: any Database
    ) async throws -> [ConversationDTO] {
        let reader = try await slaReader(for: records.map(\.storeID), on: db)
        let risks = try await riskFlags(of: records.map(\.id), on: db.sql)
        return records.map {
            ConversationDTO($0, customLabels: labels[$0.id] ?? [], sla: reader.read($0), riskFlags: risks[$0.id] ?? [])
        }
    }

    func conversationDTO(_ record: ConversationRecord, labels: [String] = [], on db: any Database) async throws -> ConversationDTO {
        try await conversationDTOs([record], labels: [record.id: labels], on: db)[0]
    }

    /// Each conversation's risk flags, in the order `ComplianceCategory.inbound` lists them; one indexed query a page.
    private func riskFlags(of ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [ComplianceCategory]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT conversation_id, risk_flags FROM messages WHERE conversation_id IN (\(binds: ids)) AND risk_flags IS NOT NULL
            """).all()
        var found: [UUID: Set<String>] = [:]
        for row in rows {
            let id = try row.decode(column: "conversation_id", as: UUID.self)
            let flags = try row.decode(column: "risk_flags", as: String.self).split(separator: ",").map(String.init)
            found[id, default: []].formUnion(flags)
        }
        return found.mapValues { flags in ComplianceCategory.inbound.filter { flags.contains($0.rawValue) } }
    }
}
