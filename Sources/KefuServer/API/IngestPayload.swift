import Foundation
import KefuCore
import Vapor

/// The body of `POST /api/v1/ingest`: one message, or `{"messages": [...]}`.
struct IngestPayload: Decodable {
    struct Message: Decodable {
        struct Customer: Decodable {
            let externalID: String
            let name: String?
            let language: String?
        }

        let externalID: String
        let conversationExternalID: String
        let customer: Customer
        let orderNumber: String?
        let subject: String?
        let body: String
        let sentAt: String?
        let author: String?
    }

    let messages: [Message]

    private enum CodingKeys: String, CodingKey { case messages }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.messages) {
            messages = try container.decode([Message].self, forKey: .messages)
        } else {
            messages = [try Message(from: decoder)]
        }
    }

    /// The messages as the domain takes them; `now` stands in for a missing `sentAt`.
    func incoming(now: Date) throws(KefuError) -> [IncomingMessage] {
        guard !messages.isEmpty else { throw .invalid("missing_field", "messages must hold at least one message.") }
        guard messages.count <= IngestLimits.maxMessagesPerRequest else {
            throw .invalid("too_many_messages", "Send at most \(IngestLimits.maxMessagesPerRequest) messages per request.")
        }
        var result: [IncomingMessage] = []
        result.reserveCapacity(messages.count)
        for (index, message) in messages.enumerated() {
            let path = messages.count == 1 ? "message" : "messages[\(index)]"
            let author: MessageAuthor
            if let raw = message.author {
                guard let parsed = MessageAuthor(rawValue: raw) else {
                    throw .invalid("invalid_field", "\(path).author must be one of customer, platformCare, agent, bot.")
                }
                author = parsed
            } else {
                author = .customer
            }
            var sentAt = now
            if let raw = message.sentAt {
                guard let parsed = ISO8601.parse(raw) else {
                    throw .invalid("invalid_field", "\(path).sentAt must be an ISO 8601 time such as 2026-11-20T22:58:00+08:00.")
                }
                sentAt = parsed
            }
            result.append(
                IncomingMessage(
                    externalID: message.externalID, conversationExternalID: message.conversationExternalID,
                    customer: .init(
                        externalID: message.customer.externalID, name: message.customer.name ?? message.customer.externalID,
                        language: message.customer.language),
                    orderNumber: message.orderNumber.flatMap { $0.isEmpty ? nil : $0 },
                    subject: message.subject.flatMap { $0.isEmpty ? nil : $0 },
                    body: message.body, sentAt: sentAt, author: author))
        }
        return result
    }
}

/// ISO 8601 times with or without fractional seconds.
enum ISO8601 {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

struct IngestResponse: Content {
    let accepted: Int
    let duplicates: [String]
}
