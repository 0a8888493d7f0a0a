import Foundation
import KefuMail
import Testing

/// The IMAP and SMTP clients against the real Dovecot and Postfix that `scripts/lib/mail-for-tests.sh` starts.
/// Skipped without them (a clone with no mail servers); `scripts/test` always starts them, and CI requires them.
@Suite(.enabled(if: TestMail.host != nil, "needs KEFU_TEST_MAIL_HOST (scripts/lib/mail-for-tests.sh)"))
struct MailServerTests {
    @Test func replySentOverSMTPArrivesInTheBuyersInboxOverIMAP() async throws {
        let subject = "Re: 订单 112-1234567-1234567 \(UUID().uuidString)"
        let source = TestMail.message(from: "shop@kefu.test", to: "buyer@kefu.test", subject: subject, body: """
            您好，包裹已经发出。
            .
            .a line that starts with a dot
            """)
        let smtp = try await SMTPClient.connect(TestMail.url("smtp://shop%40kefu.test:shop-pass@HOST:10025?starttls=required"), tls: TestMail.tls)
        let said = try await smtp.send(from: "shop@kefu.test", to: ["buyer@kefu.test"], source: source)
        await smtp.quit()
        #expect(said.contains("queued"))

        let imap = try await IMAPClient.connect(TestMail.url("imap://buyer%40kefu.test:buyer-pass@HOST:10143?starttls=required"), tls: TestMail.tls)
        let arrived = try await TestMail.waitForMessage(containing: subject, in: imap)
        await imap.logout()
        let text = String(decoding: arrived.source, as: UTF8.self)
        #expect(text.contains("\r\n.\r\n.a line that starts with a dot"))
        #expect(text.contains("包裹已经发出"))
    }

    @Test func implicitTLSOnBothServers() async throws {
        let imap = try await IMAPClient.connect(TestMail.url("imaps://shop%40kefu.test:shop-pass@HOST:10993"), tls: TestMail.tls)
        let inbox = try await imap.examine("INBOX")
        #expect(inbox.uidValidity > 0)
        await imap.logout()
        let smtp = try await SMTPClient.connect(TestMail.url("smtps://other%40kefu.test:other-pass@HOST:10465"), tls: TestMail.tls)
        #expect(smtp.extensions.contains("8BITMIME"))
        await smtp.quit()
    }

    @Test func aWrongPasswordIsAnAuthenticationError() async throws {
        for url in ["imap://shop%40kefu.test:wrong@HOST:10143", "smtp://shop%40kefu.test:wrong@HOST:10025"] {
            try await TestMail.expectRefusedLogin(url)
        }
    }

    @Test func loginMechanismsOnBothServers() async throws {
        let imap = try await IMAPClient.connect(TestMail.url("imap://other%40kefu.test:other-pass@HOST:10143?auth=login"), tls: TestMail.tls)
        #expect(try await imap.examine("INBOX").uidValidity > 0)
        await imap.logout()
        let smtp = try await SMTPClient.connect(TestMail.url("smtp://other%40kefu.test:other-pass@HOST:10025?auth=login"), tls: TestMail.tls)
        await smtp.quit()
        for url in ["imap://other%40kefu.test:nope@HOST:10143?auth=login", "smtp://other%40kefu.test:nope@HOST:10025?auth=login"] {
            try await TestMail.expectRefusedLogin(url)
        }
    }

    @Test func anUntrustedCertificateIsRefused() async throws {
        await #expect(throws: MailProtocolError.self) {
            _ = try await IMAPClient.connect(TestMail.url("imaps://shop%40kefu.test:shop-pass@HOST:10993"), tls: MailTLS())
        }
    }

    @Test func anUnknownRecipientIsPermanentAndTheConnectionGoesOn() async throws {
        let smtp = try await SMTPClient.connect(TestMail.url("smtp://shop%40kefu.test:shop-pass@HOST:10025"), tls: TestMail.tls)
        do {
            try await smtp.send(from: "shop@kefu.test", to: ["nobody@kefu.test"], source: TestMail.message(
                from: "shop@kefu.test", to: "nobody@kefu.test", subject: "x", body: "x"))
            Issue.record("an unknown recipient was accepted")
        } catch let error as MailProtocolError {
            #expect(error.kind == .permanent, "\(error)")
        }
        try await smtp.reset()
        try await smtp.send(from: "shop@kefu.test", to: ["other@kefu.test"], source: TestMail.message(
            from: "shop@kefu.test", to: "other@kefu.test", subject: "after a refusal", body: "still works"))
        await smtp.quit()
    }

    @Test func appendListFetchAndANewUIDValidity() async throws {
        let imap = try await IMAPClient.connect(TestMail.url("imap://other%40kefu.test:other-pass@HOST:10143"), tls: TestMail.tls)
        let box = "Test-\(UUID().uuidString.prefix(8))"
        try await imap.create(box)
        for n in 1...3 {
            try await imap.append(TestMail.message(from: "b@x.test", to: "other@kefu.test", subject: "n\(n)", body: "\(n)"), to: box)
        }
        let first = try await imap.examine(box)
        #expect(first.exists == 3)
        let uids = try await imap.uids(from: 1)
        #expect(uids.count == 3)
        #expect(try await imap.uids(from: uids[2] + 1).isEmpty)
        let fetched = try await imap.fetch(Array(uids.suffix(2)))
        #expect(fetched.map(\.uid) == Array(uids.suffix(2)))
        #expect(String(decoding: fetched[1].source, as: UTF8.self).hasSuffix("\r\n\r\n3\r\n"))

        _ = try await imap.examine("INBOX")  // leave the mailbox before deleting it
        try await imap.delete(box)
        try await imap.create(box)
        let again = try await imap.examine(box)
        #expect(again.uidValidity != first.uidValidity)
        #expect(again.exists == 0)
        try await imap.delete(box)
        await imap.logout()
    }

    @Test func idleWakesOnNewMailAndOtherwiseWaitsItsTime() async throws {
        let watcher = try await IMAPClient.connect(TestMail.url("imap://other%40kefu.test:other-pass@HOST:10143"), tls: TestMail.tls)
        let box = "Idle-\(UUID().uuidString.prefix(8))"
        try await watcher.create(box)
        _ = try await watcher.examine(box)

        let clock = ContinuousClock()
        var started = clock.now
        #expect(try await watcher.idle(upTo: .seconds(1)) == false)
        let quiet = clock.now - started
        #expect(quiet >= .seconds(1) && quiet < .seconds(5))

        let writer = Task {
            try await Task.sleep(for: .milliseconds(300))
            let other = try await IMAPClient.connect(TestMail.url("imap://other%40kefu.test:other-pass@HOST:10143"), tls: TestMail.tls)
            try await other.append(TestMail.message(from: "b@x.test", to: "other@kefu.test", subject: "wake", body: "up"), to: box)
            await other.logout()
        }
        started = clock.now
        #expect(try await watcher.idle(upTo: .seconds(20)) == true)
        let woke = clock.now - started
        try await writer.value
        #expect(woke < .seconds(10))
        #expect(try await watcher.uids(from: 1).count == 1)
        _ = try await watcher.examine("INBOX")
        try await watcher.delete(box)
        await watcher.logout()
    }
}

enum TestMail {
    static let host = ProcessInfo.processInfo.environment["KEFU_TEST_MAIL_HOST"]
    static let tls = MailTLS(extraCAFile: ProcessInfo.processInfo.environment["KEFU_MAIL_CA_FILE"])

    static func url(_ text: String) throws -> MailServerURL {
        try MailServerURL(text.replacingOccurrences(of: "HOST", with: host ?? "127.0.0.1"))
    }

    /// Logging in at `url` (imap or smtp) fails for good, as a wrong password does.
    static func expectRefusedLogin(_ url: String) async throws {
        do {
            if url.hasPrefix("imap") {
                _ = try await IMAPClient.connect(Self.url(url), tls: tls)
            } else {
                _ = try await SMTPClient.connect(Self.url(url), tls: tls)
            }
            Issue.record("\(url) logged in with a wrong password")
        } catch let error as MailProtocolError {
            #expect(error.kind == .authentication, "\(error)")
            #expect(!error.isTransient)
        }
    }

    static func message(from: String, to: String, subject: String, body: String) -> [UInt8] {
        let encodedSubject = "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let text = """
            From: \(from)\r
            To: \(to)\r
            Subject: \(encodedSubject)\r
            Message-ID: <\(UUID().uuidString)@kefu.test>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            \(body.replacingOccurrences(of: "\n", with: "\r\n"))\r

            """
        return Array(text.utf8)
    }

    /// Delivery through Postfix takes a moment; polls the inbox for a message whose source holds `text`.
    static func waitForMessage(containing text: String, in imap: IMAPClient) async throws -> IMAPClient.Fetched {
        let encoded = Data(text.utf8).base64EncodedString()
        for _ in 0..<50 {
            _ = try await imap.examine("INBOX")
            let uids = try await imap.uids(from: 1)
            for message in try await imap.fetch(uids) {
                let source = String(decoding: message.source, as: UTF8.self)
                if source.contains(encoded) || source.contains(text) { return message }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw MailProtocolError(.timeout, "No message with \(text) arrived.")
    }
}
