/// What the guard knows about the conversation a text is written in: the order's numbers may be quoted, the
/// buyer's own phone number and address may not be repeated in full.
public struct ComplianceContext: Sendable, Hashable {
    /// Order and tracking numbers of the conversation: digit runs the phone detector must not mistake for numbers.
    public var orderNumbers: [String]
    /// The buyer's own orders in the store, the conversation's among them: a number of their shape (length) that is
    /// none of them is probably another buyer's order, which a reply must not discuss.
    public var customerOrders: [String]
    /// The buyer's phone numbers as the order has them.
    public var customerPhones: [String]
    /// The buyer's address as the order has it.
    public var customerAddress: String?
    /// The store's own shop on the platform (`acme.tmall.com`): the one shop link a reply may carry where the platform
    /// forbids other shops' links. Empty when the store's settings don't say.
    public var shopHosts: [String]

    public init(
        orderNumbers: [String] = [], customerOrders: [String] = [], customerPhones: [String] = [], customerAddress: String? = nil,
        shopHosts: [String] = []
    ) {
        self.orderNumbers = orderNumbers
        self.customerOrders = customerOrders
        self.customerPhones = customerPhones
        self.customerAddress = customerAddress
        self.shopHosts = shopHosts
    }

    public static let none = ComplianceContext()

    /// Nothing from the order for the detectors to look for; the shop hosts only matter once a link is seen.
    var isEmpty: Bool { orderNumbers.isEmpty && customerOrders.isEmpty && customerPhones.isEmpty && customerAddress == nil }
}

/// A term a workspace adds to its platform's rules, or takes out of them.
public struct CustomTerm: Codable, Sendable, Hashable {
    public enum Action: String, Codable, Sendable {
        /// Flag this term too.
        case deny
        /// Never flag this phrase (a brand name that contains a flagged word, such as 第一坊).
        case allow
    }

    public var term: String
    public var action: Action
    public var category: ComplianceCategory
    public var severity: Severity

    public init(term: String, action: Action, category: ComplianceCategory = .forbiddenWording, severity: Severity = .block) {
        self.term = term
        self.action = action
        self.category = category
        self.severity = severity
    }
}
