import Foundation

/// One message as a connector delivers it from a marketplace, checked and ready to store.
public struct IncomingMessage: Sendable, Equatable {
    public struct Customer: Sendable, Equatable {
        public var externalID: String
        public var name: String
        public var language: String?

        public init(externalID: String, name: String, language: String? = nil) {
            self.externalID = externalID
            self.name = name
            self.language = language
        }
    }

    /// The marketplace's identifier of the message; storing it twice for one store is impossible.
    public var externalID: String
    public var conversationExternalID: String
    public var customer: Customer
    public var orderNumber: String?
    public var subject: String?
    public var body: String
    public var sentAt: Date
    public var author: MessageAuthor

    public init(
        externalID: String, conversationExternalID: String, customer: Customer, orderNumber: String? = nil,
        subject: String? = nil, body: String, sentAt: Date, author: MessageAuthor = .customer
    ) {
        self.externalID = externalID
        self.conversationExternalID = conversationExternalID
        self.customer = customer
        self.orderNumber = orderNumber
        self.subject = subject
        self.body = body
        self.sentAt = sentAt
        self.author = author
    }
}

/// The limits a connector's delivery must respect, with messages that name the offending field.
public enum IngestLimits {
    public static let maxMessagesPerRequest = 1_000
    public static let maxBodyCharacters = 20_000
    public static let maxIdentifierCharacters = 200
    public static let maxNameCharacters = 200
    public static let maxSubjectCharacters = 500

    /// Checks one message; `path` names it in errors (`messages[3]`).
    public static func validate(_ message: IncomingMessage, at path: String) throws(KefuError) {
        try requireIdentifier(message.externalID, "\(path).externalID")
        try requireIdentifier(message.conversationExternalID, "\(path).conversationExternalID")
        try requireIdentifier(message.customer.externalID, "\(path).customer.externalID")
        if message.customer.name.count > maxNameCharacters {
            throw tooLong("\(path).customer.name", maxNameCharacters)
        }
        if let order = message.orderNumber {
            try requireIdentifier(order, "\(path).orderNumber")
        }
        if let subject = message.subject, subject.count > maxSubjectCharacters {
            throw tooLong("\(path).subject", maxSubjectCharacters)
        }
        if message.body.isBlank {
            throw .invalid("missing_field", "\(path).body is required and must not be blank.")
        }
        if message.body.hasMoreCharacters(than: maxBodyCharacters) {
            throw tooLong("\(path).body", maxBodyCharacters)
        }
    }

    /// Checks an identifier the marketplace gave: present, short, printable.
    public static func requireIdentifier(_ value: String, _ field: String) throws(KefuError) {
        if value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalid("missing_field", "\(field) is required and must not be blank.")
        }
        if value.count > maxIdentifierCharacters {
            throw tooLong(field, maxIdentifierCharacters)
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalid("invalid_field", "\(field) must not contain control characters.")
        }
    }

    private static func tooLong(_ field: String, _ limit: Int) -> KefuError {
        .invalid("field_too_long", "\(field) is longer than \(limit) characters.")
    }
}
