import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The calls of Ozon's Seller API a chat channel makes, with `Client-Id` and `Api-Key` on each. Field names follow
/// Ozon's documents; enum values are compared without regard to case, as Ozon's documents and SDKs spell them both
/// ways (`Buyer_Seller`, `BUYER_SELLER`).
struct OzonAPI: Sendable {
    let http: MarketplaceHTTP
    let clientID: String
    let apiKey: String

    /// The most messages `/v3/chat/history` returns at once.
    static let historyPage = 100
    static let listPage = 100
    /// Ozon's limit on one chat message.
    static let maxTextCharacters = 1_000

    private var headers: HTTPHeaders {
        ["Client-Id": clientID, "Api-Key": apiKey]
    }

    private func post<Reply: Decodable>(_ path: String, _ body: JSONBody, retrying: Bool = true) async throws -> Reply {
        let data = try await http.send(.POST, path, body: .json(try body.data), headers: headers, retrying: retrying)
        do {
            return try JSONDecoder().decode(Reply.self, from: data)
        } catch let error as DecodingError {
            throw MarketplaceError(.transient, "\(path): Ozon's answer was not in the documented shape (\(error)).")
        }
    }

    // MARK: - Chats

    struct ChatList: Decodable {
        struct Entry: Decodable {
            struct Chat: Decodable {
                let chat_id: String
                let chat_status: String?
                let chat_type: String?
                let created_at: String?
            }
            let chat: Chat
            let last_message_id: OzonID?
            let unread_count: Int?
        }
        let chats: [Entry]
        let cursor: String?
        let has_next: Bool?
    }

    func chats(unreadOnly: Bool, cursor: String?) async throws -> ChatList {
        var body: [String: JSONBody] = [
            "filter": ["chat_status": "All", "unread_only": .bool(unreadOnly)], "limit": .number(UInt64(Self.listPage)),
        ]
        if let cursor, !cursor.isEmpty { body["cursor"] = .string(cursor) }
        return try await post("/v3/chat/list", .object(body))
    }

    struct History: Decodable {
        struct Message: Decodable {
            struct User: Decodable {
                let id: String?
                let type: String?
            }
            struct Context: Decodable {
                let order_number: String?
                let sku: String?

                init(from decoder: any Decoder) throws {
                    let container = try decoder.container(keyedBy: CodingKeys.self)
                    order_number = try container.decodeIfPresent(OzonID.self, forKey: .order_number)?.value
                    sku = try container.decodeIfPresent(OzonID.self, forKey: .sku)?.value
                }

                enum CodingKeys: String, CodingKey { case order_number, sku }
            }
            let message_id: OzonID
            let created_at: String?
            let user: User?
            let data: [String]?
            let is_image: Bool?
            let context: Context?
        }
        let messages: [Message]
        let has_next: Bool?
    }

    enum Direction: String {
        case forward = "Forward"
        case backward = "Backward"
    }

    func history(chat: String, direction: Direction, from messageID: String?) async throws -> History {
        var body: [String: JSONBody] = [
            "chat_id": .string(chat), "direction": .string(direction.rawValue), "limit": .number(UInt64(Self.historyPage)),
        ]
        if let messageID { body["from_message_id"] = .id(messageID) }
        return try await post("/v3/chat/history", .object(body))
    }

    // MARK: - Replies

    struct Sent: Decodable {
        let result: String?
    }

    /// Sends one reply; never repeated on a timeout, as Ozon may have taken it.
    func send(chat: String, text: String) async throws {
        let _: Sent = try await post("/v1/chat/send/message", ["chat_id": .string(chat), "text": .string(text)], retrying: false)
    }

    struct ReadReply: Decodable {
        let unread_count: Int?
    }

    func markRead(chat: String, upTo messageID: String) async throws {
        let _: ReadReply = try await post(
            "/v2/chat/read", ["chat_id": .string(chat), "from_message_id": .id(messageID)])
    }
}

/// Ozon's ids arrive as JSON numbers or as strings (int64 values do both across its methods); kept as text.
struct OzonID: Decodable, Sendable, Hashable {
    let value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(UInt64.self) {
            value = String(number)
        } else if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else {
            value = try container.decode(String.self)
        }
    }

    /// Ordering by the number when both are numbers, which Ozon's message ids are.
    static func isNewer(_ a: String, than b: String?) -> Bool {
        guard let b else { return true }
        if let x = UInt64(a), let y = UInt64(b) { return x > y }
        return a.count == b.count ? a > b : a.count > b.count
    }
}

extension String {
    /// Ozon's enum values compared as its documents mean them, whatever the case.
    func isOzon(_ value: String) -> Bool {
        caseInsensitiveCompare(value) == .orderedSame
    }
}
