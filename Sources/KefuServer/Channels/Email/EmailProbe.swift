import Foundation
import KefuMail

/// `POST /channels/{id}/test`: connects with the stored settings and says what it found, so an admin learns about a
/// wrong password or port before buyers' messages go missing. A mailbox reports its two servers, a marketplace
/// account its API.
struct ChannelTestReport: Codable, Sendable {
    struct Part: Codable, Sendable {
        let ok: Bool
        /// What the server showed (`INBOX: 1,204 messages, IDLE`), or why it failed.
        let detail: String
    }

    let ok: Bool
    var imap: Part?
    var smtp: Part?
    var api: Part?
}

enum EmailProbe {
    static func run(_ settings: EmailChannelSettings, secrets: [String: String], tls: MailTLS) async -> ChannelTestReport {
        let imap: ChannelTestReport.Part
        do {
            let url = try MailServerURL(settings.imapURL)
            let client = try await IMAPClient.connect(url, password: secrets["imapPassword"], tls: tls, timeout: .seconds(15))
            let mailbox = try await client.examine(url.mailbox ?? "INBOX")
            let idle = client.capabilities.contains("IDLE") ? "new mail announced at once (IDLE)" : "polled every \(settings.pollSeconds) s"
            await client.logout()
            imap = .init(ok: true, detail: "\(mailbox.name): \(mailbox.exists) messages; \(idle).")
        } catch {
            imap = .init(ok: false, detail: describeMailError(error))
        }
        let smtp: ChannelTestReport.Part
        do {
            let url = try MailServerURL(settings.smtpURL)
            let client = try await SMTPClient.connect(url, password: secrets["smtpPassword"], tls: tls, timeout: .seconds(15))
            await client.quit()
            smtp = .init(ok: true, detail: "Signed in to \(url.host):\(url.port) as \(url.user).")
        } catch {
            smtp = .init(ok: false, detail: describeMailError(error))
        }
        return ChannelTestReport(ok: imap.ok && smtp.ok, imap: imap, smtp: smtp)
    }
}

/// A mail error as an admin reads it on the channel.
func describeMailError(_ error: any Error) -> String {
    if let error = error as? MailProtocolError { return error.message }
    if let error = error as? MailServerURL.Problem { return error.message }
    return String(describing: error)
}
