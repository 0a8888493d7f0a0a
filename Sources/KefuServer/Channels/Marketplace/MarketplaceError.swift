import Foundation

/// What went wrong talking to a marketplace's API, sorted by what the channel does next.
struct MarketplaceError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        /// The credentials were refused (401/403): the channel stops and shows it until an admin fixes them.
        case authentication
        /// The platform refused this request for good (another 4xx): a reply fails with the platform's reason.
        case rejected
        /// Unreachable, timed out, 5xx or rate-limited past patience: try again later.
        case transient
    }

    let kind: Kind
    /// The HTTP status, when there was a response.
    let status: Int?
    /// The platform's own words, for the thread and the Channels page.
    let message: String

    init(_ kind: Kind, status: Int? = nil, _ message: String) {
        self.kind = kind
        self.status = status
        self.message = message
    }

    var description: String { message }

    /// The message in an error body, in the shapes the platforms use: Ozon's `{"code", "message"}`, eBay's
    /// `{"errors": [{"message", "longMessage"}]}`, OAuth's `{"error", "error_description"}` and Kefu's own
    /// `{"error": {"message"}}`.
    static func platformMessage(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        if let errors = object["errors"] as? [[String: Any]], let first = errors.first {
            return (first["longMessage"] as? String) ?? (first["message"] as? String)
        }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
        if let description = object["error_description"] as? String { return description }
        if let message = object["message"] as? String { return message }
        if let error = object["error"] as? String { return error }
        return nil
    }
}
