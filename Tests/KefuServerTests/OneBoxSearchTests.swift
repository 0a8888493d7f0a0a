import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("One search box: order numbers, customers, subjects and message text at once")
struct OneBoxSearchTests {
    /// An Amazon order, a buyer who quotes its digits in a message, a subject, and a Chinese thread.
    private func seed(_ fx: Fixtures) async throws -> Fixtures.Store {
        let store = try await fx.store()
        try await fx.ingest([
            Fixtures.message("a1", conversation: "ca", body: "Where is my parcel?", customer: "ba", name: "Emma Stone",
                             order: "112-3345678-9012345", sentAt: "2026-11-20T09:00:00Z"),
            Fixtures.message("b1", conversation: "cb", body: "My order 3345678 never arrived", customer: "bb", name: "Tom Hu",
                             sentAt: "2026-11-20T10:00:00Z"),
            Fixtures.message("c1", conversation: "cc", body: "Hello", customer: "bc", name: "Ana Diaz",
                             subject: "Broken lamp shade", sentAt: "2026-11-20T11:00:00Z"),
            Fixtures.message("d1", conversation: "cd", body: "灯罩坏了，可以换吗？", customer: "bd", name: "王芳",
                             order: "W-2001", sentAt: "2026-11-20T12:00:00Z"),
        ], into: store)
        return store
    }

    private func names(_ query: String, _ fx: Fixtures, _ user: Fixtures.User) async throws -> [String] {
        try await fx.conversations(query, as: user)["items"].array.compactMap { $0["customer"]["name"].string }
    }

    @Test("An order number is found exactly, by its start, and by any run of four digits in it")
    func orderNumbers() async throws {
        try await withKefu { _, fx in
            _ = try await seed(fx)
            let admin = try await fx.user(.admin)
            #expect(try await names("find=112-3345678-9012345", fx, admin) == ["Emma Stone"])
            #expect(try await names("find=112-33", fx, admin) == ["Emma Stone"])
            #expect(try await names("find=\(encoded("９０１２"))", fx, admin) == ["Emma Stone"])
            #expect(try await names("find=\(encoded("尾号 9012345"))", fx, admin) == ["Emma Stone"])
            #expect(try await names("find=W-20", fx, admin) == ["王芳"])
            // Three digits are too few to be read as part of an order number.
            #expect(try await names("find=901", fx, admin).isEmpty)
            // The API's orderNumber stays exact.
            #expect(try await names("orderNumber=112-33", fx, admin).isEmpty)
        }
    }

    @Test("Customer names, subjects and message text are found from the same box, identifiers before message matches")
    func everyField() async throws {
        try await withKefu { _, fx in
            _ = try await seed(fx)
            let admin = try await fx.user(.admin)
            #expect(try await names("find=emma", fx, admin) == ["Emma Stone"])
            #expect(try await names("find=\(encoded("lamp shade"))", fx, admin) == ["Ana Diaz"])
            #expect(try await names("find=\(encoded("灯罩"))", fx, admin) == ["王芳"])
            #expect(try await names("find=parcel", fx, admin) == ["Emma Stone"])
            // The order holding the digits first, then the buyer who wrote them, listed once each.
            #expect(try await names("find=3345678", fx, admin) == ["Emma Stone", "Tom Hu"])
            // One character is too short for the message index but still finds a name.
            #expect(try await names("find=\(encoded("王"))", fx, admin) == ["王芳"])
            let both = try await fx.send(.GET, "/api/v1/conversations?find=lamp&q=lamp", bearer: admin.token)
            #expect(both.status == .badRequest)
            #expect(both.errorCode == "invalid_query")
        }
    }

    @Test("A name, subject or order number that arrives later is found by its new value and not by the old")
    func keysFollowChanges() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            try await fx.ingest([
                Fixtures.message("m1", conversation: "c1", body: "Hello", customer: "b1", name: "buyer_8841",
                                 sentAt: "2026-11-20T09:00:00Z"),
            ], into: store)
            #expect(try await names("find=buyer_8841", fx, admin) == ["buyer_8841"])
            try await fx.ingest([
                Fixtures.message("m2", conversation: "c1", body: "About my order", customer: "b1", name: "Grace Lin",
                                 order: "200-7654321-1111111", subject: "Late delivery", sentAt: "2026-11-20T10:00:00Z"),
            ], into: store)
            #expect(try await names("find=grace", fx, admin) == ["Grace Lin"])
            #expect(try await names("find=7654321", fx, admin) == ["Grace Lin"])
            #expect(try await names("find=\(encoded("late deliv"))", fx, admin) == ["Grace Lin"])
            #expect(try await names("find=buyer_8841", fx, admin).isEmpty)
        }
    }

    @Test("A word in thousands of subjects is read as a condition, not a list of ids, and still pages in order")
    func commonWord() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            let count = ConversationKeysIndex.candidateLimit + 30
            var messages: [[String: Any]] = []
            for index in 0..<count {
                messages.append(Fixtures.message(
                    "q\(index)", conversation: "q\(index)", body: index == 7 ? "a question about shipping" : "hello",
                    customer: "q\(index)", name: "buyer \(index)", subject: "Question \(index)",
                    sentAt: "2026-11-20T10:00:00Z"))
            }
            for chunk in stride(from: 0, to: count, by: 500) {
                try await fx.ingest(Array(messages[chunk..<min(chunk + 500, count)]), into: store)
            }
            // Every subject once; the buyer who also wrote the word is among them, not listed again after.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await fx.conversations(
                    "find=question&limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), as: admin)
                seen += page["items"].array.compactMap { $0["id"].string }
                cursor = page["nextCursor"].string
            } while cursor != nil && seen.count <= count
            #expect(seen.count == count)
            #expect(Set(seen).count == count)
            let shipping = try await fx.conversations("find=\(encoded("question shipping"))", as: admin)
            #expect(shipping["items"].array.compactMap { $0["customer"]["name"].string } == ["buyer 7"])
        }
    }

    @Test("Paging walks the identifier matches, then the message matches, each conversation exactly once")
    func paging() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            var messages: [[String: Any]] = []
            for index in 0..<12 {
                let minute = String(format: "%02d", index)
                // Subject matches; some of these also say it in the body, which must not list them twice.
                messages.append(Fixtures.message(
                    "s\(index)", conversation: "s\(index)", body: index % 2 == 0 ? "退款" : "还没退款", customer: "s\(index)",
                    name: "subject \(index)", subject: "退款申请 \(index)", sentAt: "2026-11-20T10:\(minute):00Z"))
                messages.append(Fixtures.message(
                    "t\(index)", conversation: "t\(index)", body: "我要退款", customer: "t\(index)", name: "text \(index)",
                    sentAt: "2026-11-20T11:\(minute):00Z"))
                messages.append(Fixtures.message(
                    "n\(index)", conversation: "n\(index)", body: "谢谢", customer: "n\(index)", name: "none \(index)",
                    sentAt: "2026-11-20T12:\(minute):00Z"))
            }
            try await fx.ingest(messages, into: store)
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await fx.conversations(
                    "find=\(encoded("退款"))&limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""), as: admin)
                seen += page["items"].array.compactMap { $0["customer"]["name"].string }
                cursor = page["nextCursor"].string
                pages += 1
            } while cursor != nil && pages < 20
            #expect(seen.count == 24)
            #expect(Set(seen).count == 24)
            #expect(seen.prefix(12).allSatisfy { $0.hasPrefix("subject") })
            #expect(seen.first == "subject 11")
            #expect(seen.dropFirst(12).first == "text 11")
            #expect(!seen.contains { $0.hasPrefix("none") })
            let bad = try await fx.send(.GET, "/api/v1/conversations?find=x&cursor=s1", bearer: admin.token)
            #expect(bad.errorCode == "invalid_cursor")
        }
    }

    @Test("Full-text results honour the urgency order: the nearest deadline first, then the rest newest first")
    func urgencyOrder() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            var messages: [[String: Any]] = []
            for index in 0..<8 {
                messages.append(Fixtures.message(
                    "u\(index)", conversation: "u\(index)", body: "refund please", customer: "u\(index)", name: "buyer \(index)",
                    sentAt: "2026-11-20T1\(index):00:00Z"))
            }
            // Answered: no deadline, so after every waiting one although it is the newest.
            messages.append(Fixtures.message(
                "r0", conversation: "u7", body: "Refund sent.", customer: "u7", name: "buyer 7", author: .agent, sentAt: "2026-11-20T18:00:00Z"))
            try await fx.ingest(messages, into: store)
            var byUrgency: [String] = []
            var cursor: String?
            repeat {
                let page = try await fx.conversations(
                    "q=refund&sort=urgency&limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), as: admin)
                byUrgency += page["items"].array.compactMap { $0["customer"]["name"].string }
                cursor = page["nextCursor"].string
            } while cursor != nil && byUrgency.count < 20
            #expect(byUrgency == (0..<7).map { "buyer \($0)" } + ["buyer 7"])
            let byRecency = try await names("q=refund&limit=20", fx, admin)
            #expect(byRecency == (0..<8).reversed().map { "buyer \($0)" })
        }
    }

    @Test("The inbox's box searches every field by default; its picker narrows, and the order field matches partly")
    func inboxBox() async throws {
        try await withKefu { app, fx in
            let store = try await seed(fx)
            let agent = try await fx.user(.agent, stores: [store])
            func inbox(_ query: String) async throws -> String {
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "kefu_session=\(agent.token)")
                return try await app.testing().sendRequest(.GET, "/inbox?" + query, headers: headers).body.string
            }
            let everything = try await inbox("search=3345678")
            #expect(everything.contains("Emma Stone") && everything.contains("Tom Hu") && !everything.contains("Ana Diaz"))
            #expect(everything.contains("<option value=\"all\" selected"))
            let orders = try await inbox("field=orderNumber&search=9012")
            #expect(orders.contains("Emma Stone") && !orders.contains("Tom Hu"))
            let text = try await inbox("field=text&search=3345678")
            #expect(text.contains("Tom Hu") && !text.contains("Emma Stone"))
        }
    }
}
