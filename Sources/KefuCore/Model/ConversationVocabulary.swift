/// Whether a buyer wrote before buying (a question about a product) or about an order they placed.
public enum ConversationKind: String, Codable, Sendable, CaseIterable {
    case preSale
    case afterSale
}

/// Where a conversation stands in the agent's work.
public enum ConversationStatus: String, Codable, Sendable, CaseIterable {
    case open
    case pending
    case resolved
    case spam
}

/// Why a conversation was flagged; the three reasons marketplaces accept for reporting a buyer.
public enum SpamReason: String, Codable, Sendable, CaseIterable {
    case spam
    case fraud
    case inappropriate
}

/// Who wrote a message.
public enum MessageAuthor: String, Codable, Sendable, CaseIterable {
    /// The buyer.
    case customer
    /// The marketplace's own care team, writing on the buyer's behalf.
    case platformCare
    /// A person answering for the store.
    case agent
    /// An automatic reply.
    case bot
    /// A courier in a marketplace chat (Ozon lets them write to the buyer's chat with the seller).
    case courier
    /// The marketplace's own automatic notices in a chat (Ozon's CRM messages): neither a question nor an answer.
    case platformNotice

    /// Buyer-side authors whose messages wait for an answer.
    public var isCustomerSide: Bool { self == .customer || self == .platformCare }
    /// The store's side: what it sends answers the buyer.
    public var isStoreSide: Bool { self == .agent || self == .bot }
    /// Someone else in the chat: kept in the thread, and the clock neither starts nor stops for them.
    public var isThirdParty: Bool { self == .courier || self == .platformNotice }
}

/// Which way a message travels.
public enum MessageDirection: String, Codable, Sendable, CaseIterable {
    case inbound
    case outbound
    /// An internal note that buyers never see.
    case note
}

/// The state of an outbound message's delivery to the marketplace.
public enum DeliveryState: String, Codable, Sendable, CaseIterable {
    case queued
    /// A channel has taken it and is handing it to the marketplace or mail server.
    case sending
    case sent
    case failed
}

/// The labels Kefu maintains itself; workspaces may add their own beside them.
public enum SystemLabel: String, Codable, Sendable, CaseIterable {
    /// The last buyer or care-team message has not been answered.
    case responseNeeded
    /// The platform's care team wrote in this conversation.
    case customerCare
}
