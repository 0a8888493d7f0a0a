import Foundation
import Testing

@testable import KefuMail

/// Real-world shapes of customers' mail (QQ Mail, 163, Outlook, Gmail, Yandex, Apple Mail, Japanese, Taiwanese and
/// Arabic mailers), written for these tests in `Messages/`.
func message(_ name: String) throws -> MailMessage {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Messages/\(name)")
    return MailMessage(bytes: try Data(contentsOf: url))
}

@Suite("Reading customers' e-mail")
struct MailMessageTests {
    @Test("QQ Mail in GB18030: encoded sender and subject, the plain part, history cut, the attachment kept")
    func qqMail() throws {
        let mail = try message("qq-gb18030.eml")
        #expect(mail.from == MailAddress(name: "王芳", address: "wangfang@qq.com"))
        #expect(mail.subject == "回复：订单 112-1234567-1234567 还没发货")
        #expect(mail.messageID == "tencent_ABC123@qq.com")
        #expect(mail.inReplyTo == ["kefu-1@example.com"])
        #expect(mail.references == ["kefu-0@example.com", "kefu-1@example.com"])
        #expect(mail.text == "你好，订单 112-1234567-1234567 还没有发货，请尽快处理。谢谢！")
        #expect(mail.fullText.contains("您的订单已确认。"))
        #expect(mail.attachments.count == 1)
        #expect(mail.attachments.first?.filename == "破损照片.jpg")
        #expect(mail.attachments.first?.contentType == "image/jpeg")
        #expect(mail.attachments.first?.bytes.prefix(4) == [0xFF, 0xD8, 0xFF, 0xE0])
        #expect(mail.attachments.first?.bytes.count == 4 + 15 + 256)
        #expect(mail.kind == .personal)
        #expect(mail.date == ISO8601DateFormatter().date(from: "2026-11-24T01:15:02Z"))
    }

    @Test("163 Mail: GBK in quoted-printable, a Q-encoded subject")
    func mail163() throws {
        let mail = try message("163-gbk-qp.eml")
        #expect(mail.from?.name == "李雷")
        #expect(mail.subject == "换颜色")
        #expect(mail.text == "亲，我想换一个颜色，可以吗？")
    }

    @Test("Outlook: Outlook's header block ends what the customer wrote; addresses are compared in lower case")
    func outlook() throws {
        let mail = try message("outlook.eml")
        #expect(mail.from?.address == "ava@outlook.com")
        #expect(mail.text == "Hello, the blender arrived broken. Can I get a replacement?\n\nThanks,\nAva")
        #expect(mail.fullText.contains("Your order has shipped."))
    }

    @Test("Gmail: the wrapped \"On … wrote:\" and the quoted lines are cut")
    func gmail() throws {
        let mail = try message("gmail.eml")
        #expect(mail.text == "Still nothing. Tracking hasn't moved since Friday.")
        #expect(mail.messageID == "CAF=abc123@mail.gmail.com")
    }

    @Test("Yandex: a KOI8-R body, a windows-1251 subject, Yandex's attribution line")
    func yandex() throws {
        let mail = try message("yandex-koi8.eml")
        #expect(mail.from?.name == "Иван Петров")
        #expect(mail.subject == "Где мой заказ?")
        #expect(mail.text == "Здравствуйте! Заказ ещё не пришёл.")
    }

    @Test("Apple Mail: an RFC 2231 file name in UTF-8")
    func appleMail() throws {
        let mail = try message("apple-mail.eml")
        #expect(mail.text == "Please send the invoice for my order.")
        #expect(mail.attachments.map(\.filename) == ["发票申请.pdf"])
        #expect(mail.attachments.first?.bytes.starts(with: Array("%PDF-1.4".utf8)) == true)
    }

    @Test("ISO-2022-JP, Big5 and windows-1256 read as what they say", arguments: [
        ("iso-2022-jp.eml", "配送について", "注文した商品がまだ届きません。"),
        ("big5.eml", "退貨", "請問退貨地址在哪裡？"),
        ("windows-1256.eml", "طلبي", "متى يصل طلبي؟"),
    ])
    func regionalCharsets(file: String, subject: String, text: String) throws {
        let mail = try message(file)
        #expect(mail.subject == subject)
        #expect(mail.text == text)
    }

    @Test("An out-of-office answer is an auto-reply, not a customer's message")
    func autoReply() throws {
        #expect(try message("autoreply.eml").kind == .autoReply)
    }

    @Test("A bounce names the message it returns, the recipient and the remote server's reason")
    func bounce() throws {
        let mail = try message("bounce.eml")
        guard case .bounce(let failure) = mail.kind else {
            Issue.record("not read as a bounce: \(mail.kind)")
            return
        }
        #expect(failure.originalMessageID == "kefu-42@example.com")
        #expect(failure.recipient == "nobody@nowhere.example")
        #expect(failure.status == "5.1.1")
        #expect(failure.reason.contains("Recipient address rejected: User unknown"))
    }
}

@Suite("The parts of a mail parser")
struct MailPartsTests {
    @Test("Adjacent encoded words join without the space between them; plain words keep theirs")
    func encodedWords() {
        #expect(EncodedWords.decode("=?UTF-8?B?5L2g?= =?UTF-8?B?5aW9?= world") == "你好 world")
        #expect(EncodedWords.decode("Re: =?utf-8?Q?caf=C3=A9_time?=") == "Re: café time")
        #expect(EncodedWords.decode("=?bogus") == "=?bogus")
    }

    @Test("Quoted-printable: escapes, soft line breaks, a lone = kept")
    func quotedPrintable() {
        let decoded = TransferEncoding.quotedPrintable(Array("caf=C3=A9 =\r\nlong line= 100%=\n".utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "café long line= 100%")
    }

    @Test("Base64 over several lines with missing padding")
    func base64() {
        #expect(String(decoding: TransferEncoding.base64(Array("5L2g\r\n5aW9".utf8)), as: UTF8.self) == "你好")
    }

    @Test("An unknown charset label still yields the text as UTF-8; invalid bytes become replacement characters")
    func charsets() {
        #expect(Charsets.decodeLeniently(Array("plain".utf8), charset: "x-unknown-42") == "plain")
        #expect(Charsets.decode([0xC4, 0xE3, 0xFF, 0xBA, 0xC3], charset: "gb2312") == "你\u{FFFD}好")
    }

    @Test("HTML bodies become readable text: blocks to lines, entities decoded, styles dropped")
    func html() {
        let text = HTMLText.text("<html><head><style>p{}</style></head><body><p>Hi&nbsp;there &amp; welcome</p><div>Line&#33;<br>Next</div></body></html>")
        #expect(text == "Hi there & welcome\n\nLine!\nNext")
    }
}

@Suite("Order numbers in relayed mail")
struct OrderNumberTests {
    @Test("Amazon's and eBay's shapes are found; longer runs of digits are not taken apart")
    func shapes() {
        let found = MarketplaceOrderNumbers.find(in: "RE: 订单112-1234567-1234567 and eBay 12-34567-89012, not 1112-1234567-1234567 or 112-1234567-12345678")
        #expect(found == [
            .init(platform: "amazon-us", number: "112-1234567-1234567"), .init(platform: "ebay", number: "12-34567-89012"),
        ])
    }
}

@Suite("Writing replies")
struct MailComposerTests {
    @Test("A reply's subject gets one Re: whatever the customer's client stacked", arguments: [
        ("Where is my order?", "Re: Where is my order?"),
        ("RE: Re: Where is my order?", "Re: Where is my order?"),
        ("回复：订单没发货", "Re: 订单没发货"),
        ("Re[2]: Fwd: Заказ", "Re: Заказ"),
    ])
    func subjects(subject: String, expected: String) {
        #expect(MailComposer.replySubject(subject) == expected)
    }

    @Test("A reply in Chinese reads back threaded, with its text and names intact")
    func roundTrip() throws {
        let text = "亲，您的订单 112-1234567-1234567 已发货。\n.line that starts with a dot\n" + String(repeating: "很长的一行", count: 30)
        let reply = MailComposer.Reply(
            from: MailAddress(name: "Lumi Home 天猫店", address: "shop@example.com"),
            to: [MailAddress(name: "王芳", address: "wangfang@qq.com")], subject: MailComposer.replySubject("回复：订单还没发货"),
            text: text, messageID: "kefu-1@example.com", inReplyTo: "tencent_ABC123@qq.com",
            references: ["kefu-0@example.com"], date: Date(timeIntervalSince1970: 1_795_000_000))
        let bytes = MailComposer().compose(reply)
        #expect(String(decoding: bytes, as: UTF8.self).split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let read = MailMessage(bytes: bytes)
        #expect(read.subject == "Re: 订单还没发货")
        #expect(read.from == MailAddress(name: "Lumi Home 天猫店", address: "shop@example.com"))
        #expect(read.to == [MailAddress(name: "王芳", address: "wangfang@qq.com")])
        #expect(read.messageID == "kefu-1@example.com")
        #expect(read.inReplyTo == ["tencent_ABC123@qq.com"])
        #expect(read.references == ["kefu-0@example.com", "tencent_ABC123@qq.com"])
        #expect(read.fullText == text)
        #expect(read.date == Date(timeIntervalSince1970: 1_795_000_000))
    }
}

@Suite("Mail server URLs as people paste them")
struct MailServerURLTests {
    @Test("imaps with a percent-encoded user, the default port and INBOX")
    func imaps() throws {
        let url = try MailServerURL("imaps://shop%40example.org:s3cr%3At@imap.example.org")
        #expect(url.kind == .imap && url.security == .implicitTLS)
        #expect(url.host == "imap.example.org" && url.port == 993)
        #expect(url.user == "shop@example.org" && url.password == "s3cr:t")
        #expect(url.mailbox == "INBOX")
    }

    @Test("imap and smtp use STARTTLS, insisting on it when asked; ports and mailboxes as written")
    func startTLS() throws {
        #expect(try MailServerURL("imap://u:p@127.0.0.1:10143/Archive%2F2026").mailbox == "Archive/2026")
        #expect(try MailServerURL("imap://u:p@h").security == .startTLS(required: false))
        let smtp = try MailServerURL("smtp://u@smtp.example.org?starttls=required")
        #expect(smtp.security == .startTLS(required: true))
        #expect(smtp.port == 587)
        #expect(smtp.password == nil)
        #expect(try MailServerURL("smtps://u:p@h").port == 465)
        #expect(try MailServerURL("smtp://u:p@h:587?starttls=required&auth=login").authMechanism == .login)
        #expect(try MailServerURL("imaps://u:p@h?auth=PLAIN").authMechanism == .plain)
        #expect(try MailServerURL("imaps://u:p@h").authMechanism == nil)
        #expect(throws: MailServerURL.Problem.self) { try MailServerURL("imaps://u:p@h?auth=cram-md5") }
    }

    @Test("What cannot work is refused with a reason, and the password never appears in it", arguments: [
        ("pop3://u:secret@h", "scheme"), ("imaps://u:secret@h?starttls=required", "TLS from the start"),
        ("imap://h", "no user"), ("smtp://u:secret@h/INBOX", "no path"), ("imap://u:secret@h?idle=no", "Unknown option"),
    ])
    func refused(text: String, reason: String) {
        #expect {
            try MailServerURL(text)
        } throws: { error in
            let message = String(describing: error)
            return message.contains(reason) && !message.contains("secret")
        }
    }
}

@Suite("Importing an mbox export")
struct MboxTests {
    @Test("Messages split at From lines after a blank line; quoted >From lines are restored")
    func split() {
        let file = """
            From buyer@example.com Tue Nov 24 09:00:00 2026
            Subject: First
            Message-ID: <one@example.com>

            Hello
            >From the shop I bought a lamp.
            From here on it is still the first message.

            From shop@example.com Tue Nov 24 10:00:00 2026
            Subject: Second
            Message-ID: <two@example.com>

            Bye

            """
        let messages = Mbox.messages(in: Array(file.utf8)).map(MailMessage.init(bytes:))
        #expect(messages.map(\.messageID) == ["one@example.com", "two@example.com"])
        #expect(messages.first?.fullText == "Hello\nFrom the shop I bought a lamp.\nFrom here on it is still the first message.")
        #expect(messages.last?.text == "Bye")
    }
}

@Suite("Mail that does not say its charset")
struct UndeclaredCharsetTests {
    func mail(body: [UInt8], contentType: String = "text/plain") -> MailMessage {
        MailMessage(bytes: Array("From: a@example.com\r\nSubject: x\r\nContent-Type: \(contentType)\r\n\r\n".utf8) + body)
    }

    @Test("8-bit text with no charset is read as UTF-8 when it is UTF-8, else as GBK (GB18030)")
    func undeclared() throws {
        #expect(mail(body: Array("还没发货".utf8)).text == "还没发货")
        let gbk: [UInt8] = [0xBB, 0xB9, 0xC3, 0xBB, 0xB7, 0xA2, 0xBB, 0xF5]  // 还没发货 in GBK
        #expect(mail(body: gbk).text == "还没发货")
        #expect(mail(body: gbk, contentType: "text/plain; charset=us-ascii").text == "还没发货")
        #expect(mail(body: Array("plain".utf8)).text == "plain")
    }
}
