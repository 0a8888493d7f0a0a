import Foundation

/// A channel's settings as stored, one shape per kind; secrets are sealed apart.
enum ChannelSettings: Sendable, Equatable {
    case email(EmailChannelSettings)
    case ozon(OzonChannelSettings)
    case ebay(EbayChannelSettings)
    case demo(DemoChannelSettings)

    init(kind: ChannelKind, json: String) throws {
        let data = Data(json.utf8)
        let decoder = JSONDecoder()
        switch kind {
        case .email: self = .email(try decoder.decode(EmailChannelSettings.self, from: data))
        case .ozon: self = .ozon(try decoder.decode(OzonChannelSettings.self, from: data))
        case .ebay: self = .ebay(try decoder.decode(EbayChannelSettings.self, from: data))
        case .demo: self = .demo(try decoder.decode(DemoChannelSettings.self, from: data))
        }
    }

    var json: String {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data: Data
            switch self {
            case .email(let settings): data = try encoder.encode(settings)
            case .ozon(let settings): data = try encoder.encode(settings)
            case .ebay(let settings): data = try encoder.encode(settings)
            case .demo(let settings): data = try encoder.encode(settings)
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// How people recognise the channel in lists and the audit log: the mailbox's address, the seller's account.
    var label: String {
        switch self {
        case .email(let settings): settings.address
        case .ozon(let settings): "Ozon \(settings.clientID)"
        case .ebay(let settings): "eBay \(settings.sellerUsername)"
        case .demo(let settings): "Demo \(settings.store)"
        }
    }

    var email: EmailChannelSettings? {
        if case .email(let settings) = self { return settings }
        return nil
    }
}

/// An e-mail channel's settings as stored: the server URLs without their passwords (those are sealed apart).
struct EmailChannelSettings: Codable, Sendable, Equatable {
    /// `imaps://user@host/INBOX`, `imap://user@host:143?starttls=required`.
    var imapURL: String
    var smtpURL: String
    /// The address replies are sent from and buyers write to.
    var address: String
    /// How often to look for new mail when the server has no IDLE.
    var pollSeconds: Int
}
