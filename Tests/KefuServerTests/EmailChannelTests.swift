import Foundation
import KefuCore
import KefuMail
import Logging
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

/// The e-mail channel end to end against the real Dovecot and Postfix of `scripts/lib/mail-for-tests.sh`, on the
/// database the suite runs on. Each test reads a mailbox of its own in shop@kefu.test's account.
@Suite(.enabled(if: MailFixture.host != nil, "needs KEFU_TEST_MAIL_HOST (scripts/lib/mail-for-tests.sh)"))
struct EmailChannelTests {
    @Test("A buyer's GB18030 mail with an attachment becomes a conversation with its order and SLA; an auto-reply opens none; the reply arrives threaded; a bounce fails it")
    func roundTrip() async throws {
        try await withKefu { app, fx in
            let mail = try await MailFixture(fx: fx, platform: .amazonUS)
            let buyerID = "kefu-test-\(UUID().uuidString)@qq.com"
            try await mail.append([
                MailFixture.qqMail(messageID: buyerID),
                MailFixture.fixture("autoreply.eml", replacing: ["ava@outlook.com": "buyer@kefu.test"]),
            ])
            let supervisor = mail.supervisor("A")
            try await supervisor.tick()
            // The batch is counted first, then the channel says it is caught up: wait for both.
            try await mail.waitFor("the mailbox to be read") {
                let channel = try await mail.channel()
                return channel.synced == 2 && channel.status == .connected
            }

            let admin = try await fx.user(.admin)
            let list = try await fx.conversations(as: admin)["items"]
            #expect(list.array.count == 1)
            let conversation = list[0]
            #expect(conversation["orderNumber"].string == "112-1234567-1234567")
            #expect(conversation["customer"]["name"].string == "王芳")
            #expect(conversation["sla"]["dueAt"].string != nil)
            let id = try #require(conversation["id"].string)
            let detail = try await fx.get("/api/v1/conversations/\(id)", as: admin)
            let body = try #require(detail["messages"][0]["body"].string)
            #expect(body.contains("订单 112-1234567-1234567 还没有发货，请尽快处理"))
            #expect(body.contains("破损照片.jpg"))
            #expect(!body.contains("您的订单已确认"))
            let file = detail["messages"][0]["attachments"][0]
            #expect(file["filename"].string == "破损照片.jpg" && file["size"].int == 275 && file["kept"].bool == true)
            let download = try await fx.send(.GET, try #require(file["url"].string), bearer: admin.token)
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView.prefix(4)) == [0xFF, 0xD8, 0xFF, 0xE0])
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; ") == true)
            #expect(download.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''%E7%A0%B4") == true)
            #expect(download.headers.contentType == .binary)
            // A buyer's file never runs as Kefu: sandboxed, whatever the pages' own policy.
            #expect(download.headers.first(name: "Content-Security-Policy") == "sandbox; default-src 'none'")
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            let stranger = try await fx.user(.admin, workspace: "Another agency")
            #expect(try await fx.send(.GET, try #require(file["url"].string), bearer: stranger.token).status == .notFound)
            let page = try await fx.send(.GET, "/conversations/\(id)", signedInAs: admin).body.string
            #expect(page.contains("href=\"/attachments/\(try #require(file["id"].string).lowercased())\""))

            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: admin, [
                "body": "您好，包裹今天已经发出。",
                // The guard asks for English on amazon.com though this buyer wrote Chinese (noted for the guard's precision).
                "acknowledgeWarnings": true,
            ])
            #expect(reply.status == .created, "\(reply.body.string)")
            let messageID = try #require(try reply.json()["message"]["id"].string)
            try await mail.waitFor("the reply to be sent") { try await mail.delivery(messageID).state == .sent }
            let sentID = try #require(try await mail.delivery(messageID).externalID)

            let arrived = try await mail.buyerMessage(withID: sentID)
            #expect(arrived.inReplyTo == [buyerID])
            #expect(arrived.references.contains(buyerID))
            #expect(arrived.subject == "Re: 订单 112-1234567-1234567 还没发货")
            #expect(arrived.from?.address == "shop@kefu.test")
            #expect(arrived.text.contains("包裹今天已经发出"))

            try await mail.append([MailFixture.fixture("bounce.eml", replacing: ["kefu-42@example.com": sentID])])
            try await mail.waitFor("the bounce to fail the reply") { try await mail.delivery(messageID).state == .failed }
            #expect(try await mail.delivery(messageID).lastError?.isEmpty == false)
            #expect(try await fx.conversations("folder=failed", as: admin)["items"].array.count == 1)
            #expect(try await fx.conversations(as: admin)["items"].array.count == 1)
            await supervisor.stopAll()
            _ = app
        }
    }

    @Test("A wrong password shows on the channel, and the channel goes on trying")
    func wrongPassword() async throws {
        try await withKefu { _, fx in
            let mail = try await MailFixture(fx: fx, platform: .walmartUS, imapPassword: "wrong")
            let supervisor = mail.supervisor("A")
            try await supervisor.tick()
            try await mail.waitFor("the error to show") { try await mail.channel().status == .error }
            let channel = try await mail.channel()
            #expect(channel.lastError?.contains("refused the login of shop@kefu.test") == true, "\(channel.lastError ?? "no error")")
            #expect(await supervisor.runningChannels == [channel.id])
            await supervisor.stopAll()
        }
    }

    @Test("Stopped in the middle of a first sync and started again, then the mailbox re-created (new UIDVALIDITY): nothing lost, nothing doubled")
    func interruptedSyncAndNewUIDValidity() async throws {
        try await withKefu { app, fx in
            let mail = try await MailFixture(fx: fx, platform: .walmartUS)
            try await mail.append((1...400).map { MailFixture.plain(n: $0) })
            let first = mail.supervisor("A")
            try await first.tick()
            try await mail.waitFor("a first batch") { try await mail.channel().synced >= 100 }
            await first.stopAll()
            let stoppedAt = try await mail.channel().synced
            #expect(stoppedAt < 400, "the sync finished before it could be interrupted")

            let second = mail.supervisor("B")
            try await second.tick()
            try await mail.waitFor("the rest") { try await mail.channel().status == .connected }
            #expect(try await mail.messageCount(app) == 400)
            await second.stopAll()

            try await mail.recreateMailbox(with: (1...401).map { MailFixture.plain(n: $0) })
            let third = mail.supervisor("C")
            try await third.tick()
            try await mail.waitFor("the re-read") { try await mail.messageCount(app) == 401 }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await mail.messageCount(app) == 401)
            await third.stopAll()
        }
    }

    @Test("Two instances on one database: the channel runs on one; when it stops, the other takes over")
    func oneInstanceRunsAChannel() async throws {
        try await withKefu { _, fx in
            let mail = try await MailFixture(fx: fx, platform: .walmartUS)
            let a = mail.supervisor("A")
            let b = mail.supervisor("B")
            try await a.tick()
            try await b.tick()
            let id = try await mail.channel().id
            #expect(await a.runningChannels == [id])
            #expect(await b.runningChannels.isEmpty)
            await a.stopAll()
            try await b.tick()
            #expect(await b.runningChannels == [id])
            await b.stopAll()
        }
    }
}

/// One store with a mailbox channel on shop@kefu.test, reading a folder made for the test.
struct MailFixture {
    static let host = ProcessInfo.processInfo.environment["KEFU_TEST_MAIL_HOST"]
    static let tls = MailTLS(extraCAFile: ProcessInfo.processInfo.environment["KEFU_MAIL_CA_FILE"])

    let fx: Fixtures
    let store: Fixtures.Store
    let mailbox: String
    let channelID: UUID

    init(fx: Fixtures, platform: Platform, imapPassword: String = "shop-pass") async throws {
        self.fx = fx
        store = try await fx.store(platform)
        mailbox = "Kefu-\(UUID().uuidString.prefix(8))"
        let host = Self.host ?? "127.0.0.1"
        let imap = try await IMAPClient.connect(try MailServerURL("imap://shop%40kefu.test:shop-pass@\(host):10143"), tls: Self.tls)
        try await imap.create(mailbox)
        await imap.logout()
        let channel = try await fx.deps.channels(on: fx.app.db).add(
            to: store.id,
            input: .email(EmailChannelInput(
                imapURL: "imap://shop%40kefu.test:\(imapPassword)@\(host):10143/\(mailbox)?starttls=required",
                smtpURL: "smtp://shop%40kefu.test:shop-pass@\(host):10025?starttls=required",
                address: "Lumi Home <shop@kefu.test>", pollSeconds: 5)),
            by: .commandLine)
        channelID = channel.id
    }

    func supervisor(_ name: String) -> ChannelSupervisor {
        ChannelSupervisor(fx.deps, holder: "test-\(name)-\(UUID().uuidString.prefix(4))", leaseSeconds: 30, logger: Logger(label: "channels"))
    }

    func channel() async throws -> ChannelRecord {
        try await ChannelService.load(channelID, on: fx.app.db.sql)
    }

    func delivery(_ messageID: String) async throws -> DeliveryRecord {
        let row = try #require(try await fx.app.db.sql.raw(
            "SELECT * FROM deliveries WHERE message_id = \(bind: UUID(uuidString: messageID)!)").first())
        return try DeliveryRecord(row: row)
    }

    func messageCount(_ app: Application) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE store_id = \(bind: store.id)").first()?
            .decode(column: "n", as: Int.self) ?? -1
    }

    func append(_ messages: [[UInt8]]) async throws {
        let imap = try await IMAPClient.connect(try MailServerURL("imap://shop%40kefu.test:shop-pass@\(Self.host ?? "127.0.0.1"):10143"), tls: Self.tls)
        for message in messages { try await imap.append(message, to: mailbox) }
        await imap.logout()
    }

    func recreateMailbox(with messages: [[UInt8]]) async throws {
        let imap = try await IMAPClient.connect(try MailServerURL("imap://shop%40kefu.test:shop-pass@\(Self.host ?? "127.0.0.1"):10143"), tls: Self.tls)
        try await imap.delete(mailbox)
        try await imap.create(mailbox)
        await imap.logout()
        try await append(messages)
    }

    /// The message in buyer@kefu.test's inbox with the given Message-ID, waiting for Postfix to deliver it.
    func buyerMessage(withID id: String) async throws -> MailMessage {
        let imap = try await IMAPClient.connect(try MailServerURL("imap://buyer%40kefu.test:buyer-pass@\(Self.host ?? "127.0.0.1"):10143"), tls: Self.tls)
        for _ in 0..<100 {
            _ = try await imap.examine("INBOX")
            for fetched in try await imap.fetch(try await imap.uids(from: 1)) {
                let message = MailMessage(bytes: fetched.source)
                if message.messageID == id {
                    await imap.logout()
                    return message
                }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        await imap.logout()
        throw MailProtocolError(.timeout, "The reply \(id) did not reach the buyer's inbox.")
    }

    /// `KEFU_TEST_TIME_FACTOR` stretches the wait for slowed builds (`scripts/tsan` sets 4): slow is not broken there.
    func waitFor(_ what: String, seconds: Double = 30, _ condition: () async throws -> Bool) async throws {
        let factor = ProcessInfo.processInfo.environment["KEFU_TEST_TIME_FACTOR"].flatMap(Double.init) ?? 1
        let deadline = ContinuousClock.now + .seconds(seconds * factor)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let channel = try? await self.channel()
        Issue.record("Timed out waiting for \(what); channel \(channel?.status.rawValue ?? "?"): \(channel?.lastError ?? "")")
        throw CancellationError()
    }

    // MARK: - Messages

    static let messages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KefuMailTests/Messages")

    static func fixture(_ name: String, replacing: [String: String] = [:]) -> [UInt8] {
        var bytes = (try? Data(contentsOf: messages.appendingPathComponent(name))).map { [UInt8]($0) } ?? []
        for (old, new) in replacing { bytes = bytes.replacing(Array(old.utf8), with: Array(new.utf8)) }
        return bytes
    }

    /// QQ Mail's GB18030 shape, from the buyer's test mailbox and with a Message-ID of the test's own.
    static func qqMail(messageID: String) -> [UInt8] {
        fixture("qq-gb18030.eml", replacing: [
            "wangfang@qq.com": "buyer@kefu.test", "tencent_ABC123@qq.com": messageID,
            "In-Reply-To: <kefu-1@example.com>\r\n": "", "References: <kefu-0@example.com> <kefu-1@example.com>\r\n": "",
        ])
    }

    static func plain(n: Int) -> [UInt8] {
        Array("""
            From: Buyer \(n) <buyer\(n)@example.org>\r
            To: shop@kefu.test\r
            Subject: Question \(n)\r
            Message-ID: <question-\(n)@example.org>\r
            Date: Tue, 24 Nov 2026 09:15:02 +0000\r
            \r
            Where is my parcel number \(n)?\r

            """.utf8)
    }
}
