import Foundation
import KefuCore
import KefuMail

/// The settings an admin sends for a mailbox (`POST /stores/{id}/channels`, `kefu channel add`). Passwords may sit
/// in the URLs or come apart (`imapPassword`, `smtpPassword`); either way they are sealed and the URLs stored without
/// them.
struct EmailChannelInput: Codable, Sendable {
    var imapURL: String?
    var smtpURL: String?
    var address: String?
    var pollSeconds: Int?
    var imapPassword: String?
    var smtpPassword: String?

    static let defaultPollSeconds = 60

    /// Checks the input and splits it into what is stored in the open and what is sealed. `current` fills in what a
    /// PATCH leaves out.
    func resolve(over current: (settings: EmailChannelSettings, secrets: [String: String])? = nil) throws(KefuError)
        -> (settings: EmailChannelSettings, secrets: [String: String])
    {
        var secrets = current?.secrets ?? [:]
        func server(_ text: String?, kind: MailServerURL.Kind, field: String, password: String?) throws(KefuError) -> String {
            guard let text else {
                if let current { return kind == .imap ? current.settings.imapURL : current.settings.smtpURL }
                throw .invalid("missing_field", "settings.\(field) is required, e.g. \(kind == .imap ? "imaps://shop%40example.org:PASSWORD@imap.example.org/INBOX" : "smtp://shop%40example.org:PASSWORD@smtp.example.org:587?starttls=required").")
            }
            let url: MailServerURL
            do {
                url = try MailServerURL(text)
            } catch {
                throw .invalid("invalid_field", "settings.\(field): \(error.message)")
            }
            guard url.kind == kind else {
                throw .invalid("invalid_field", "settings.\(field) must be an \(kind.rawValue):// or \(kind.rawValue)s:// URL.")
            }
            let key = kind == .imap ? "imapPassword" : "smtpPassword"
            if let given = password ?? url.password { secrets[key] = given }
            guard secrets[key] != nil else {
                throw .invalid("missing_field", "settings.\(field) has no password: put it in the URL or send \(key).")
            }
            return Self.withoutPassword(text)
        }
        let imap = try server(imapURL, kind: .imap, field: "imapURL", password: imapPassword)
        let smtp = try server(smtpURL, kind: .smtp, field: "smtpURL", password: smtpPassword)
        if imapURL == nil, let imapPassword { secrets["imapPassword"] = imapPassword }
        if smtpURL == nil, let smtpPassword { secrets["smtpPassword"] = smtpPassword }
        let addresses = (address ?? current?.settings.address).map(MailAddress.list) ?? []
        guard addresses.count == 1, let address = addresses.first?.address else {
            throw .invalid("invalid_field", "settings.address must be the mailbox's address, e.g. care@example.org.")
        }
        let poll = pollSeconds ?? current?.settings.pollSeconds ?? Self.defaultPollSeconds
        guard (5...3_600).contains(poll) else {
            throw .invalid("invalid_field", "settings.pollSeconds must be between 5 and 3600.")
        }
        return (EmailChannelSettings(imapURL: imap, smtpURL: smtp, address: address, pollSeconds: poll), secrets)
    }

    static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)) else { return text }
        components.password = nil
        return components.string ?? text
    }
}
