import Foundation

extension CompliancePacks {
    /// A store's shop address as typed, when it links to the store's platform (`https://acme.tmall.com` for a Tmall
    /// store); nil for an empty one, which clears it.
    public func checkedShopAddress(_ address: String?, on platform: Platform) throws(KefuError) -> String? {
        guard let trimmed = address?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        let domains = packs[platform]?.ownDomains ?? []
        guard trimmed.count <= 300, let host = ShopLinkRule.host(ofShopAddress: trimmed),
            domains.isEmpty || ShopLinkRule.host(host, isUnder: domains)
        else {
            let example = domains.first.map { "https://yourshop.\($0)" } ?? "https://yourshop.example.com"
            throw KefuError.invalid(
                "invalid_shop_address",
                "shopAddress must be a link to the store's shop on \(platform.rawValue), such as \(example).")
        }
        return trimmed
    }

    /// Whether `platform` forbids links to other shops, so a reply's check needs the store's shop address.
    public func checksShopLinks(on platform: Platform) -> Bool {
        packs[platform]?.detectors.otherShopLink != nil
    }
}
