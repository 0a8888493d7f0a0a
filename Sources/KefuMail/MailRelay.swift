/// Marketplaces that relay buyers' mail through addresses of their own: Amazon's Buyer-Seller Messaging
/// (`…@marketplace.amazon.com`, one stable anonymised address per buyer), eBay's member messages, and the
/// notification senders of Walmart and Noon. Knowing the relay tells which platform a message came through and how
/// the buyer's name was decorated.
public struct MailRelay: Sendable, Equatable {
    /// The platform's identifier as Kefu's policies name it.
    public let platform: String
    /// The buyer's name without the relay's decoration (`Wang Fang - Amazon Marketplace` → `Wang Fang`).
    public let customerName: String?

    static let domains: [(suffix: String, platform: String)] = [
        ("marketplace.amazon.com", "amazon-us"), ("marketplace.amazon.co.uk", "amazon-us"),
        ("marketplace.amazon.de", "amazon-us"), ("marketplace.amazon.ae", "amazon-us"),
        ("members.ebay.com", "ebay"), ("ebay.com", "ebay"),
        ("relay.walmart.com", "walmart-us"), ("walmart.com", "walmart-us"),
        ("noon.com", "noon"),
    ]

    static let nameSuffixes = [" - Amazon Marketplace", " - Marketplace", " via eBay", " (via eBay)"]

    public static func recognise(_ sender: MailAddress) -> MailRelay? {
        guard let domain = sender.address.split(separator: "@").last.map(String.init),
            let match = domains.first(where: { domain == $0.suffix || domain.hasSuffix("." + $0.suffix) })
        else { return nil }
        var name = sender.name
        for suffix in nameSuffixes where name?.hasSuffix(suffix) == true {
            name = String(name!.dropLast(suffix.count))
        }
        return MailRelay(platform: match.platform, customerName: name)
    }
}
