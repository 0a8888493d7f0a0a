import Foundation
import KefuCore
import Vapor

/// What agents do to a conversation. Each handler decodes, calls `ConversationService`, encodes.
struct ConversationActionController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        let conversation = routes.grouped("conversations", ":conversationID")
        conversation.post("read", use: read)
        conversation.post("unread", use: unread)
        conversation.post("spam", use: flag)
        conversation.delete("spam", use: unflag)
        conversation.post("status", use: status)
        conversation.post("assign", use: assign)
        conversation.post("labels", use: labels)
        conversation.post("replies", use: reply)
        conversation.post("notes", use: note)
        routes.post("messages", ":messageID", "retry", use: retry)
    }

    private func service(_ req: Request) throws -> (ConversationService, UUID) {
        (deps.conversationService(for: try req.viewer, on: req.db), try req.parameters.requireUUID("conversationID"))
    }

    @Sendable func read(req: Request) async throws -> ConversationDTO {
        let (service, id) = try service(req)
        return try await deps.conversationDTO(try await service.markRead(id), on: req.db)
    }

    @Sendable func unread(req: Request) async throws -> ConversationDTO {
        let (service, id) = try service(req)
        return try await deps.conversationDTO(try await service.markUnread(id), on: req.db)
    }

    struct FlagInput: Content {
        let reason: SpamReason
    }

    @Sendable func flag(req: Request) async throws -> ConversationDTO {
        let (service, id) = try service(req)
        return try await deps.conversationDTO(try await service.flag(id, reason: try req.content.decode(FlagInput.self).reason), on: req.db)
    }

    @Sendable func unflag(req: Request) async throws -> ConversationDTO {
        let (service, id) = try service(req)
        return try await deps.conversationDTO(try await service.unflag(id), on: req.db)
    }

    struct StatusInput: Content {
        let status: ConversationStatus
    }

    @Sendable func status(req: Request) async throws -> ConversationDTO {
        let (service, id) = try service(req)
        return try await deps.conversationDTO(try await service.setStatus(id, to: try req.content.decode(StatusInput.self).status), on: req.db)
    }

    struct AssignInput: Content {
        /// `null` unassigns.
        let userID: UUID?
    }

    @Sendable func assign(req: Request) async throws -> ConversationDTO {
        let (service, id) = try service(req)
        return try await deps.conversationDTO(try await service.assign(id, to: try req.content.decode(AssignInput.self).userID), on: req.db)
    }

    struct LabelsInput: Content {
        let add: [String]?
        let remove: [String]?
    }

    @Sendable func labels(req: Request) async throws -> ConversationDTO {
        let (service, id) = try service(req)
        let input = try req.content.decode(LabelsInput.self)
        let record = try await service.label(id, add: input.add ?? [], remove: input.remove ?? [])
        let custom = try await deps.queries(on: req.db).customLabels(of: [id])
        return try await deps.conversationDTO(record, labels: custom[id] ?? [], on: req.db)
    }

    struct BodyInput: Content {
        let body: String
    }

    struct ReplyInput: Content {
        let body: String
        /// Send despite the compliance guard's warnings (never past a block).
        let acknowledgeWarnings: Bool?
    }

    @Sendable func reply(req: Request) async throws -> Response {
        let (service, id) = try service(req)
        let input = try req.content.decode(ReplyInput.self)
        let record: ConversationRecord, message: MessageRecord
        do {
            (record, message) = try await service.reply(id, body: input.body, acknowledgeWarnings: input.acknowledgeWarnings ?? false)
        } catch let rejection as ComplianceRejection {
            deps.metrics.guardVerdict(rejection.report.verdict.rawValue, source: "reply")
            throw rejection
        }
        deps.metrics.replied(platform: record.platform.rawValue)
        deps.metrics.guardVerdict(message.compliance == nil ? "pass" : "warn", source: "reply")
        return try await PostedMessageDTO(conversation: deps.conversationDTO(record, on: req.db), message: MessageDTO(message))
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func note(req: Request) async throws -> Response {
        let (service, id) = try service(req)
        let (record, message) = try await service.note(id, body: try req.content.decode(BodyInput.self).body)
        return try await PostedMessageDTO(conversation: deps.conversationDTO(record, on: req.db), message: MessageDTO(message))
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func retry(req: Request) async throws -> IngestController.DeliveryDTO {
        let delivery = try await deps.outbox(on: req.db)
            .retry(try req.parameters.requireUUID("messageID"), by: try req.viewer)
        return IngestController.DeliveryDTO(delivery)
    }
}
