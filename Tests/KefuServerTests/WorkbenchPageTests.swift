import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Workbench pages: inbox, thread, language, the API from the page's scripts")
struct WorkbenchPageTests {
    private func page(
        _ app: Application, _ path: String, as user: Fixtures.User?, language: String? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let user { headers.add(name: .cookie, value: "kefu_session=\(user.token)") }
        if let language { headers.add(name: .acceptLanguage, value: language) }
        return try await app.testing().sendRequest(.GET, path, headers: headers)
    }

    @Test("The inbox lists what the viewer may see, urgent first, with counts, badge and SLA indicator in their language")
    func inbox() async throws {
        try await withKefu { app, fx in
            let walmart = try await fx.store(.walmartUS, name: "Lumi Walmart")
            let hidden = try await fx.store(.pinduoduo, name: "Other PDD")
            try await fx.ingest([
                Fixtures.message("m1", conversation: "c1", body: "Where is my lamp?", name: "Ana Diaz", order: "W-100"),
                Fixtures.message("m2", conversation: "c2", body: "<script>alert(1)</script>", name: "Bo Li"),
            ], into: walmart)
            try await fx.ingest([Fixtures.message("p1", conversation: "pc1", name: "不该看到")], into: hidden)
            let agent = try await fx.user(.agent, stores: [walmart])

            let english = try await page(app, "/inbox", as: agent, language: "en-US,en;q=0.9")
            #expect(english.status == .ok)
            let html = english.body.string
            #expect(html.contains("<html lang=\"en\">"))
            #expect(html.contains("Ana Diaz") && html.contains("Bo Li"))
            #expect(!html.contains("不该看到"))
            #expect(html.contains("2 unread"))
            #expect(html.contains("data-count-of=\"responseNeeded\">2<"))
            // Walmart's 48 hours, counted from the messages' arrival a moment ago.
            #expect(html.contains("class=\"sla sla-ok\""))
            #expect(html.contains("1d 23h left") || html.contains("2d 0h left"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script>alert(1)"))

            let chinese = try await page(app, "/inbox", as: agent, language: "zh-CN,zh;q=0.9,en;q=0.5")
            #expect(chinese.body.string.contains("<html lang=\"zh-CN\">"))
            #expect(chinese.body.string.contains("2 条未读"))
            #expect(chinese.body.string.contains("待回复"))

            let byOrder = try await page(app, "/inbox?field=orderNumber&search=W-100", as: agent)
            #expect(byOrder.body.string.contains("Ana Diaz"))
            #expect(!byOrder.body.string.contains("Bo Li"))

            let bad = try await page(app, "/inbox?field=phone&search=1", as: agent)
            #expect(bad.status == .badRequest)
            #expect(try bad.json()["error"]["code"].string == "invalid_query")

            let signedOut = try await page(app, "/inbox", as: nil)
            #expect(signedOut.headers.first(name: .location) == "/login?next=/inbox")
        }
    }

    @Test("Rows asked for again come back only while they still belong in the list")
    func rows() async throws {
        try await withKefu { app, fx in
            let (_, agent, id) = try await fx.oneConversation()
            let waiting = try await page(app, "/inbox/rows?folder=responseNeeded&ids=\(id)", as: agent)
            #expect(waiting.body.string.contains("data-id=\"\(id.lowercased())\""))
            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "It ships today."])
            #expect(reply.status == .created)
            let answered = try await page(app, "/inbox/rows?folder=responseNeeded&ids=\(id)", as: agent)
            #expect(answered.status == .ok)
            #expect(!answered.body.string.contains("data-id="))
            let all = try await page(app, "/inbox/rows?ids=\(id)", as: agent)
            #expect(all.body.string.contains("data-id=\"\(id.lowercased())\""))
        }
    }

    @Test("The thread shows messages with authors, risk flags and right-to-left Arabic; opening it marks it read")
    func thread() async throws {
        try await withKefu { app, fx in
            let noon = try await fx.store(.noon, name: "Noon Store", timeZone: "Asia/Dubai")
            try await fx.ingest([
                Fixtures.message("a1", conversation: "ac", body: "مرحبا، أين طلبي؟", name: "Omar"),
                Fixtures.message("a2", conversation: "ac", body: "Pay here instead: http://pay-fast.example.top/now", name: "Omar"),
            ], into: noon)
            let agent = try await fx.user(.agent, stores: [noon])
            let id = try #require(try await fx.conversations(as: agent)["items"][0]["id"].string)
            let response = try await page(app, "/conversations/\(id)", as: agent, language: "en")
            #expect(response.status == .ok)
            let html = response.body.string
            #expect(html.contains("dir=\"rtl\" lang=\"ar\""))
            #expect(html.contains("Link outside the platform: do not open it"))
            #expect(html.contains("id=\"reply-form\""))
            #expect(html.contains("data-action=\"assign-me\""))
            #expect(try await fx.conversations(as: agent)["items"][0]["unread"].bool == false)

            let qa = try await fx.user(.qa, stores: [noon])
            let readOnly = try await page(app, "/conversations/\(id)", as: qa, language: "en").body.string
            #expect(!readOnly.contains("value=\"reply\""), "QA may write notes but not replies")
            #expect(!readOnly.contains("data-action=\"assign-me\""))

            let viewer = try await fx.user(.merchantViewer, stores: [noon])
            let merchantPage = try await page(app, "/conversations/\(id)", as: viewer, language: "en").body.string
            #expect(merchantPage.contains("can read this conversation but not reply"))
            #expect(!merchantPage.contains("id=\"reply-form\""))

            let other = try await fx.user(.agent, stores: [try await fx.store(.jd)])
            #expect(try await page(app, "/conversations/\(id)", as: other).status == .notFound)
        }
    }

    @Test("A failed send shows in the thread with its reason and a Retry button; the buyer's text is escaped")
    func failedSend() async throws {
        try await withKefu { app, fx in
            let (store, agent, id) = try await fx.oneConversation(body: "<img src=x onerror=alert(1)> where is it?")
            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "It ships today."])
            let messageID = try #require(try reply.json()["message"]["id"].string)
            let failed = try await fx.send(
                .POST, "/api/v1/outbox/\(messageID)", bearer: store.key,
                json: ["state": "failed", "error": "Walmart rejected the message: 429"])
            #expect(failed.status == .ok)
            let html = try await page(app, "/conversations/\(id)", as: agent, language: "en").body.string
            #expect(html.contains("class=\"message m-agent outbound failed\""))
            #expect(html.contains("Failed to send"))
            #expect(html.contains("Walmart rejected the message: 429"))
            #expect(html.contains("class=\"retry\" data-message=\"\(messageID.uppercased())\""))
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(!html.contains("<img src=x"))
        }
    }

    @Test("Navigation follows the role: response rates for those who answer for stores, templates for their editors")
    func roleAwareNavigation() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.walmartUS, name: "Lumi Walmart")
            try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let lead = try await fx.user(.supervisor)
            let merchant = try await fx.user(.merchantViewer, stores: [store])

            let agentInbox = try await page(app, "/inbox", as: agent, language: "en").body.string
            #expect(!agentInbox.contains("href=\"/performance\"") && !agentInbox.contains("href=\"/templates\""))
            #expect(try await page(app, "/performance", as: agent).status == .forbidden)
            #expect(try await page(app, "/templates", as: agent).status == .forbidden)

            let leadInbox = try await page(app, "/inbox", as: lead, language: "en").body.string
            #expect(leadInbox.contains("href=\"/performance\"") && leadInbox.contains("href=\"/templates\""))
            let board = try await page(app, "/performance", as: lead, language: "en")
            #expect(board.status == .ok)
            #expect(board.body.string.contains("Lumi Walmart"))
            #expect(board.body.string.contains("Seller Response Rate"))

            let merchantInbox = try await page(app, "/inbox", as: merchant, language: "en").body.string
            #expect(merchantInbox.contains("href=\"/performance\"") && !merchantInbox.contains("href=\"/templates\""))

            let created = try await fx.post("/api/v1/templates", as: lead, ["title": "Shipping <update>", "body": "Hi {buyerName}"])
            #expect(created.status == .created)
            let templates = try await page(app, "/templates", as: lead, language: "zh-CN")
            #expect(templates.status == .ok)
            #expect(templates.body.string.contains("Shipping &lt;update&gt;"))
            #expect(templates.body.string.contains("所有平台"))
        }
    }

    @Test("Admins see the Channels page with each mailbox's status and error, in their language; others do not")
    func channelsPage() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.amazonUS, name: "Lumi Amazon")
            let admin = try await fx.user(.admin)
            let lead = try await fx.user(.supervisor)
            let channel = try await fx.deps.channels(on: app.db).add(
                to: store.id,
                input: .email(EmailChannelInput(
                    imapURL: "imaps://care%40lumi.example:pw-123@imap.lumi.example/INBOX",
                    smtpURL: "smtps://care%40lumi.example:pw-123@smtp.lumi.example", address: "care@lumi.example")),
                by: .commandLine)
            try await ChannelProgress(db: app.db, transactions: fx.deps.transactions)
                .failed(channel.id, error: "imap.lumi.example refused the login of care@lumi.example: <bad>")

            let inbox = try await page(app, "/inbox", as: admin, language: "en").body.string
            #expect(inbox.contains("href=\"/channels\""))
            let english = try await page(app, "/channels", as: admin, language: "en")
            #expect(english.status == .ok)
            let html = english.body.string
            #expect(html.contains("Lumi Amazon · Amazon US") && html.contains("care@lumi.example"))
            #expect(html.contains(">Error<") && html.contains("refused the login of care@lumi.example: &lt;bad&gt;"))
            #expect(!html.contains("pw-123"))
            #expect(try await page(app, "/channels", as: admin, language: "zh-CN").body.string.contains(">出错<"))

            let leadInbox = try await page(app, "/inbox", as: lead, language: "en").body.string
            #expect(!leadInbox.contains("href=\"/channels\""))
            #expect(try await page(app, "/channels", as: lead).status == .forbidden)
        }
    }

    @Test("The API takes the session cookie only with the workbench's header")
    func cookieNeedsHeader() async throws {
        try await withKefu { app, fx in
            let (_, agent, id) = try await fx.oneConversation()
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "kefu_session=\(agent.token)")
            headers.contentType = .json
            let body = ByteBuffer(string: #"{"body":"It ships today."}"#)
            let forged = try await app.testing().sendRequest(.POST, "/api/v1/conversations/\(id)/replies", headers: headers, body: body)
            #expect(forged.status == .unauthorized)
            headers.add(name: WebClientCookieAuthenticator.header, value: "web")
            let fromPage = try await app.testing().sendRequest(.POST, "/api/v1/conversations/\(id)/replies", headers: headers, body: body)
            #expect(fromPage.status == .created)
        }
    }

    @Test("The language switch is saved on the user and wins over the browser's languages")
    func languageSwitch() async throws {
        try await withKefu { app, fx in
            let (_, agent, _) = try await fx.oneConversation()
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "kefu_session=\(agent.token)")
            headers.contentType = .urlEncodedForm
            headers.add(name: .referer, value: "https://evil.example/inbox?folder=spam")
            let switched = try await app.testing().sendRequest(.POST, "/language", headers: headers, body: ByteBuffer(string: "language=zh-CN"))
            #expect(switched.status == .seeOther)
            #expect(switched.headers.first(name: .location) == "/inbox?folder=spam")
            #expect(switched.headers.setCookie?[UILanguage.cookieName]?.string == "zh-CN")
            let inbox = try await page(app, "/inbox", as: agent, language: "en-US")
            #expect(inbox.body.string.contains("<html lang=\"zh-CN\">"))

            let wrong = try await app.testing().sendRequest(.POST, "/language", headers: headers, body: ByteBuffer(string: "language=fr"))
            #expect(wrong.status == .badRequest)
        }
    }

    @Test("Browser languages pick Chinese or English by weight, English otherwise")
    func preferredLanguage() {
        #expect(UILanguage.preferred(acceptLanguage: "zh-TW,zh;q=0.9,en;q=0.8") == .zh)
        #expect(UILanguage.preferred(acceptLanguage: "en-GB,en;q=0.9,zh-CN;q=0.8") == .en)
        #expect(UILanguage.preferred(acceptLanguage: "fr-FR,fr;q=0.9,zh;q=0.5,en;q=0.4") == .zh)
        #expect(UILanguage.preferred(acceptLanguage: "en;q=0.2,zh-Hans;q=0.7") == .zh)
        #expect(UILanguage.preferred(acceptLanguage: "ar-AE") == .en)
        #expect(UILanguage.preferred(acceptLanguage: nil) == .en)
    }
}
