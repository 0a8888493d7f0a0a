import Fluent
import Fluent
import Foundation
import KefuCore

extension Dependencies {
    /// The API shape of conversations, with their SLA read now on each store's clock.
    func conversationDTOs(
        _ records: [ConversationRecord], labels: [UUID: [String]] = [:], on db: any Database
    ) async throws -> [ConversationDTO] {
        let reader = try await slaReader(for: records.map(\.storeID), on: db)
        return records.map { ConversationDTO($0, customLabels: labels[$0.id] ?? [], sla: reader.read($0)) }
    }

    func conversationDTO(_ record: ConversationRecord, labels: [String] = [], on db: any Database) async throws -> ConversationDTO {
        try await conversationDTOs([record], labels: [record.id: labels], on: db)[0]
    }
}
