import Foundation

/// Links to shops on the platform itself. Tmall forbids sending a buyer another shop's link, and a shop's link is on
/// the platform's own domain (`acme.tmall.com`), where every other link is fine; so a link to a shop passes only when
/// it is the store's own shop (`ComplianceContext.shopHosts`).
public struct ShopLinkRule: Codable, Sendable, Hashable {
    /// Domains whose subdomains are shops: `tmall.com` for `acme.tmall.com`.
    public var domains: [String]
    /// Subdomains that are the platform's own pages, not shops (`www`, `detail`, `login`).
    public var platformHosts: [String]
    /// For a shop that is not the store's own. A link to a shop when the store's own is not known is a warning.
    public var severity: Severity
    public var message: LocalizedText

    public init(domains: [String], platformHosts: [String], severity: Severity, message: LocalizedText) {
        self.domains = domains
        self.platformHosts = platformHosts
        self.severity = severity
        self.message = message
    }

    /// The shop's host when `host` (lower-cased) is a shop's rather than one of the platform's pages.
    func shopHost(_ host: String) -> String? {
        for domain in domains where host.hasSuffix("." + domain) {
            let labels = host.dropLast(domain.count + 1).split(separator: ".")
            guard let label = labels.last, !platformHosts.contains(String(label)) else { return nil }
            return Self.withoutWWW(host)
        }
        return nil
    }

    /// The host of a shop address as a store's settings hold it (`https://acme.tmall.com/?spm=…` → `acme.tmall.com`).
    public static func host(ofShopAddress address: String) -> String? {
        let trimmed = address.trimmingCharacters(in: .whitespaces).lowercased()
        guard let host = ContactDetector.host(of: trimmed), host.contains(".") else { return nil }
        return withoutWWW(host)
    }

    /// `www.acme.tmall.com` and `acme.tmall.com` are one shop.
    private static func withoutWWW(_ host: String) -> String {
        host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    /// Whether `host` is one of `domains` or a subdomain of one.
    static func host(_ host: String, isUnder domains: [String]) -> Bool {
        domains.contains { host == $0 || host.hasSuffix("." + $0) }
    }
}
