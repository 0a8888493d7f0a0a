import Foundation
import NIOHTTP1

/// The calls of eBay's Message API (`commerce/message/v1`) a channel makes, with the seller's user token. Field names
/// follow eBay's documents.
struct EbayAPI: Sendable {
    let http: MarketplaceHTTP
    let settings: EbayChannelSettings
    let tokens: EbayTokens

    static let base = "/commerce/message/v1"
    /// eBay's largest page.
    static let page = 50

    /// One authorised call; a token eBay no longer takes is made again once.
    private func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONBody? = nil, retrying: Bool = true
    ) async throws -> Data {
        var renewed = false
        while true {
            let token = try await tokens.token(settings: settings, http: http)
            do {
                return try await http.send(
                    method, Self.base + path, query: query, body: try body.map { .json(try $0.data) },
                    headers: ["Authorization": "Bearer \(token)"], retrying: retrying)
            } catch let error as MarketplaceError where error.kind == .authentication && error.status == 401 && !renewed {
                renewed = true
                try await tokens.invalidate()
            }
        }
    }

    private func decode<Reply: Decodable>(_ type: Reply.Type, _ data: Data, _ path: String) throws -> Reply {
        do {
            return try JSONDecoder().decode(Reply.self, from: data)
        } catch {
            throw MarketplaceError(.transient, "\(path): eBay's answer was not in the documented shape (\(error)).")
        }
    }

    struct Message: Decodable, Sendable {
        let messageId: String
        let messageBody: String?
        let senderUsername: String?
        let recipientUsername: String?
        let createdDate: String?
        let subject: String?
        let messageMedia: [Media]?

        struct Media: Decodable, Sendable {
            let mediaName: String?
            let mediaUrl: String?
        }
    }

    struct Conversation: Decodable, Sendable {
        let conversationId: String
        let conversationStatus: String?
        let conversationTitle: String?
        let conversationType: String?
        let referenceId: String?
        let referenceType: String?
        let latestMessage: Message?
        let unreadCount: Int?
    }

    struct ConversationPage: Decodable {
        let conversations: [Conversation]?
        let next: String?
        let total: Int?
    }

    /// Conversations with members (not eBay's own notices), newest activity after `since` when given.
    func conversations(offset: Int, since: Date?) async throws -> ConversationPage {
        var query = [("conversation_type", "FROM_MEMBERS"), ("limit", String(Self.page)), ("offset", String(offset))]
        if let since { query.append(("start_time", ISO8601DateFormatter().string(from: since))) }
        return try decode(ConversationPage.self, try await call(.GET, "/conversation", query: query), "/conversation")
    }

    struct MessagePage: Decodable {
        let conversationId: String?
        let conversationTitle: String?
        let referenceId: String?
        let referenceType: String?
        let messages: [Message]?
        let next: String?
        let total: Int?
    }

    func messages(of conversation: String, offset: Int) async throws -> MessagePage {
        let path = "/conversation/\(conversation.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? conversation)"
        let query = [("conversation_type", "FROM_MEMBERS"), ("limit", String(Self.page)), ("offset", String(offset))]
        return try decode(MessagePage.self, try await call(.GET, path, query: query), path)
    }

    /// Sends one message in a conversation; never repeated on a timeout. Returns eBay's id of the new message.
    func send(conversation: String, text: String) async throws -> String {
        let data = try await call(
            .POST, "/send_message", body: ["conversationId": .string(conversation), "messageText": .string(text)],
            retrying: false)
        return try decode(Message.self, data, "/send_message").messageId
    }

    func markRead(conversation: String) async throws {
        _ = try await call(.POST, "/update_conversation", body: [
            "conversationId": .string(conversation), "conversationType": "FROM_MEMBERS", "conversationStatus": "READ",
        ])
    }
}
