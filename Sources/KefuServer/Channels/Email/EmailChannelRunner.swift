import Foundation
import KefuCore
import KefuMail
import Fluent
import Logging
import SQLKit

/// Runs one mailbox: reads new mail into the inbox (first the mailbox's history in batches, then what arrives, with
/// IDLE where the server has it) and sends the store's queued replies over SMTP. Returns only when cancelled; throws
/// when the mailbox cannot be used, and the supervisor shows the error and tries again later.
struct EmailChannelRunner: Sendable {
    let channel: ChannelRecord
    let settings: EmailChannelSettings
    let secrets: [String: String]
    let store: IngestingStore
    let ingest: IngestService
    let outbox: OutboxService
    let progress: ChannelProgress
    let db: any Database
    let transactions: WriteTransactions
    let live: LiveEvents
    let tls: MailTLS
    let clock: KefuClock
    let logger: Logger

    /// Messages fetched per IMAP round trip and stored per transaction.
    static let batchSize = 100
    /// How long one IDLE lasts before the mailbox is looked at again; servers drop idle clients after 30 minutes.
    static let idleLimit: Duration = .seconds(240)
    /// How often the outbox is looked at when nothing rang: replies due after a postponement, missed rings.
    static let outboxInterval: Duration = .seconds(5)

    func run() async throws {
        let imapURL = try MailServerURL(settings.imapURL)
        let smtpURL = try MailServerURL(settings.smtpURL)
        try await outbox.requeueInterrupted(for: store, scope: .of(.email))
        try await runChannelSides(receive: { try await receive(from: imapURL) }, send: { try await send(through: smtpURL) })
    }

    // MARK: - In

    private func receive(from url: MailServerURL) async throws {
        let imap = try await IMAPClient.connect(url, password: secrets["imapPassword"], tls: tls)
        do {
            let mailbox = url.mailbox ?? "INBOX"
            var cursor = ImapCursor.decode(try await progress.cursor(of: channel.id))
            // Opened once per session: UIDVALIDITY cannot change under an open mailbox (the server ends the session
            // instead, and the next one notices), and opening a large mailbox again costs servers a second.
            let opened = try await imap.examine(mailbox)
            if cursor.uidValidity != opened.uidValidity {
                // Every UID kept is void: read the mailbox again; the Message-IDs keep it from doubling.
                if cursor.uidValidity != nil {
                    logger.notice("UIDVALIDITY of \(mailbox) changed; reading it again", metadata: ["channel": "\(channel.id)"])
                }
                cursor = ImapCursor(uidValidity: opened.uidValidity, lastUID: 0)
            }
            while !Task.isCancelled {
                let uids = try await imap.uids(from: cursor.lastUID + 1)
                if !uids.isEmpty { try await progress.syncing(channel.id, backlog: uids.count) }
                var remaining = uids.count
                for batch in uids.chunked(by: Self.batchSize) {
                    let fetched = try await imap.fetch(Array(batch))
                    try await store(fetched.map(\.source))
                    cursor.lastUID = batch.last ?? cursor.lastUID
                    remaining -= batch.count
                    try await progress.advanced(channel.id, cursor: cursor.encoded, stored: batch.count, backlog: remaining)
                }
                try await progress.connected(channel.id)
                if imap.capabilities.contains("IDLE") {
                    _ = try await imap.idle(upTo: Self.idleLimit)
                } else {
                    try await Task.sleep(for: .seconds(settings.pollSeconds))
                }
            }
            await imap.logout()
        } catch {
            await imap.close()
            throw error
        }
    }

    /// Stores a batch through the ingest path; the cursor moves only after this returns (durable first).
    private func store(_ sources: [[UInt8]]) async throws {
        let inbound = EmailInbound(store: store, ownAddress: settings.address)
        let batch = EmailInbound.Batch(try await inbound.read(sources, receivedAt: clock.now(), on: db.sql))
        for bounce in batch.bounces {
            _ = try await outbox.failSent(externalID: bounce.originalMessageID, reason: bounce.reason, for: store)
        }
        if !batch.messages.isEmpty { _ = try await ingest.ingest(batch.messages, into: store) }
        let store = store
        try await transactions.run(on: db) { tx in try await Attachments.store(batch.files, store: store, at: tx.now, on: tx.sql) }
    }

    // MARK: - Out

    private func send(through url: MailServerURL) async throws {
        var smtp: SMTPClient?
        var outage = Backoff(base: .seconds(1), cap: .seconds(60))
        do {
            try await sendLoop(through: url, smtp: &smtp, outage: &outage)
        } catch {
            await smtp?.close()
            throw error
        }
    }

    private func sendLoop(through url: MailServerURL, smtp: inout SMTPClient?, outage: inout Backoff) async throws {
        let bell = OutboxBell(live: live, store: store.storeID)
        while !Task.isCancelled {
            let due = try await outbox.claim(for: store, scope: .of(.email), limit: 20)
            if due.isEmpty {
                if let open = smtp {
                    // Servers close idle sessions after a few minutes; a new one is cheap.
                    await open.quit()
                    smtp = nil
                }
                try await bell.wait(upTo: Self.outboxInterval)
                continue
            }
            for (index, delivery) in due.enumerated() {
                do {
                    let client: SMTPClient
                    if let smtp { client = smtp } else {
                        client = try await SMTPClient.connect(
                            url, password: secrets["smtpPassword"], clientName: Self.domain(of: settings.address), tls: tls)
                        smtp = client
                    }
                    try await deliver(delivery, with: client)
                    outage.reset()
                } catch let error as MailProtocolError where error.kind == .permanent {
                    _ = try await outbox.report(delivery.messageID, state: .failed, error: error.message, externalID: nil, for: store)
                    try? await smtp?.reset()
                } catch let error as MailProtocolError where error.kind == .transient {
                    try await outbox.postpone(
                        delivery.messageID, error: error.message,
                        retryAt: clock.now().addingTimeInterval(Backoff.delay(attempt: delivery.attempts + 1)))
                    try? await smtp?.reset()
                } catch {
                    // The server is unreachable or refused the login: every reply waits, none is failed or counted.
                    await smtp?.close()
                    smtp = nil
                    for waiting in due[index...] {
                        try await outbox.postpone(waiting.messageID, error: describeMailError(error), retryAt: clock.now())
                    }
                    if let error = error as? MailProtocolError, error.kind == .authentication { throw error }
                    logger.warning("SMTP unavailable: \(describeMailError(error))", metadata: ["channel": "\(channel.id)"])
                    try await Task.sleep(for: outage.next())
                    break
                }
            }
        }
    }

    private func deliver(_ delivery: OutboxService.ClaimedDelivery, with smtp: SMTPClient) async throws {
        guard let from = MailAddress.list(settings.address).first else {
            throw MailProtocolError(.permanent, "The channel's address \(settings.address) is not an e-mail address.")
        }
        guard let to = MailAddress.list(delivery.customerAddress).first else {
            throw MailProtocolError(.permanent, "The customer's address \(delivery.customerAddress) is not an e-mail address.")
        }
        let messageID = "kefu-\(delivery.messageID.uuidString.lowercased())@\(Self.domain(of: settings.address))"
        let subject = delivery.subject ?? delivery.orderNumber.map { "Order \($0)" } ?? ""
        let source = MailComposer().compose(MailComposer.Reply(
            from: from, to: [to], subject: MailComposer.replySubject(subject), text: delivery.body, messageID: messageID,
            inReplyTo: delivery.answering, references: Array(delivery.threadIDs.suffix(20)), date: clock.now()))
        try await smtp.send(from: from.address, to: [to.address], source: source)
        _ = try await outbox.report(delivery.messageID, state: .sent, error: nil, externalID: messageID, for: store)
    }

    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }
}

/// Where a mailbox was read up to: the UIDs are valid only while UIDVALIDITY stays the same.
struct ImapCursor: Codable, Equatable {
    var uidValidity: UInt32?
    var lastUID: UInt32

    static func decode(_ text: String?) -> ImapCursor {
        guard let text, let cursor = try? JSONDecoder().decode(ImapCursor.self, from: Data(text.utf8)) else {
            return ImapCursor(uidValidity: nil, lastUID: 0)
        }
        return cursor
    }

    var encoded: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }
}
