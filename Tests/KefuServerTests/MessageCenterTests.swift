import Foundation
import Testing
import VaporTesting

@testable import KefuServer

@Suite("The message center lists, filters, counts and searches")
struct MessageCenterTests {
    /// Four conversations across two stores: an unread pre-sale question, an after-sale complaint with an order, a
    /// care-team escalation, and a Russian question on Ozon.
    private func seed(_ fx: Fixtures) async throws -> (Fixtures.Store, Fixtures.Store) {
        let walmart = try await fx.store(.walmartUS, name: "Acme Walmart")
        let ozon = try await fx.store(.ozon, name: "Acme Ozon", timeZone: "Europe/Moscow")
        try await fx.ingest(
            [
                Fixtures.message("w1", conversation: "wc1", body: "Does the blender come with a warranty?", customer: "b1",
                                 name: "Emma Stone", subject: "Warranty question", sentAt: "2026-11-20T09:00:00Z"),
                Fixtures.message("w2", conversation: "wc2", body: "我的订单还没有发货，什么时候发货？", customer: "b2", name: "王芳",
                                 order: "W-2001", sentAt: "2026-11-20T10:00:00Z"),
                Fixtures.message("w3", conversation: "wc3", body: "The buyer reports a refund was not received.", customer: "b3",
                                 name: "Walmart Care", order: "W-2002", author: .platformCare, sentAt: "2026-11-20T11:00:00Z"),
            ], into: walmart)
        try await fx.ingest(
            [
                Fixtures.message("o1", conversation: "oc1", body: "Здравствуйте, где мой заказ? Возврат денег?", customer: "b4",
                                 name: "Иван Петров", order: "OZ-77", sentAt: "2026-11-20T12:00:00Z"),
            ], into: ozon)
        return (walmart, ozon)
    }

    @Test("Every item carries what the list shows, newest first")
    func itemShape() async throws {
        try await withKefu { _, fx in
            _ = try await seed(fx)
            let admin = try await fx.user(.admin)
            let list = try await fx.conversations(as: admin)
            let items = list["items"].array
            #expect(items.count == 4)
            #expect(items.map { $0["customer"]["name"].string } == ["Иван Петров", "Walmart Care", "王芳", "Emma Stone"])
            let first = items[0]
            for key in ["id", "storeID", "platform", "kind", "status", "labels", "customer", "unread", "lastMessageAt"] {
                #expect(!first[key].isNull, "missing \(key)")
            }
            #expect(first["platform"].string == "ozon")
            #expect(list["unread"].int == 4)
            #expect(list["counts"]["all"].int == 4)
            #expect(list["counts"]["customerCare"].int == 1)
            #expect(list["nextCursor"].isNull)
        }
    }

    @Test("Filters narrow by store, platform, kind and status, and counts follow them")
    func filters() async throws {
        try await withKefu { _, fx in
            let (walmart, _) = try await seed(fx)
            let admin = try await fx.user(.admin)
            let byStore = try await fx.conversations("storeID=\(walmart.id)", as: admin)
            #expect(byStore["items"].array.count == 3)
            #expect(byStore["counts"]["all"].int == 3)
            #expect(try await fx.conversations("platform=ozon", as: admin)["items"].array.count == 1)
            #expect(try await fx.conversations("kind=afterSale", as: admin)["items"].array.count == 3)
            #expect(try await fx.conversations("status=resolved", as: admin)["items"].array.isEmpty)
            #expect(try await fx.conversations("assignee=none", as: admin)["items"].array.count == 4)
            #expect(try await fx.conversations("assignee=me", as: admin)["items"].array.isEmpty)
        }
    }

    @Test("Unknown filter values are refused by name")
    func badFilters() async throws {
        try await withKefu { _, fx in
            let admin = try await fx.user(.admin)
            for (query, mentions) in [("folder=inbox", "folder"), ("platform=etsy", "platform"), ("limit=0", "limit"),
                                      ("cursor=nonsense", "cursor"), ("q=a", "2 characters")] {
                let response = try await fx.send(.GET, "/api/v1/conversations?\(query)", bearer: admin.token)
                #expect(response.status == .badRequest, "\(query)")
                #expect(try response.json()["error"]["message"].string?.contains(mentions) == true, "\(query)")
            }
        }
    }

    @Test("Search by order number, subject and customer name")
    func fieldSearch() async throws {
        try await withKefu { _, fx in
            _ = try await seed(fx)
            let admin = try await fx.user(.admin)
            #expect(try await fx.conversations("orderNumber=W-2001", as: admin)["items"][0]["customer"]["name"].string == "王芳")
            #expect(try await fx.conversations("orderNumber=W-20", as: admin)["items"].array.isEmpty)
            #expect(try await fx.conversations("subject=warranty", as: admin)["items"].array.count == 1)
            #expect(try await fx.conversations("customerName=\(encoded("petrov"))", as: admin)["items"].array.isEmpty)
            #expect(try await fx.conversations("customerName=\(encoded("Петров"))", as: admin)["items"].array.count == 1)
            #expect(try await fx.conversations("customerName=\(encoded("%"))", as: admin)["items"].array.isEmpty)
        }
    }

    @Test("Full-text search finds two-character Chinese terms, longer phrases, English and Russian words", arguments: [
        ("发货", ["王芳"]),
        ("没有发货", ["王芳"]),
        ("什么时候", ["王芳"]),
        ("没发", []),
        ("refund", ["Walmart Care"]),
        ("REFUND received", ["Walmart Care"]),
        ("warranty", ["Emma Stone"]),
        ("заказ", ["Иван Петров"]),
        ("возврат", ["Иван Петров"]),
        ("ｗａｒｒａｎｔｙ", ["Emma Stone"]),
    ])
    func fullText(term: String, names: [String]) async throws {
        try await withKefu { _, fx in
            _ = try await seed(fx)
            let admin = try await fx.user(.admin)
            let found = try await fx.conversations("q=\(encoded(term))", as: admin)["items"].array
            #expect(found.compactMap { $0["customer"]["name"].string } == names)
        }
    }

    @Test("Search combines with folders and filters")
    func searchWithFilters() async throws {
        try await withKefu { _, fx in
            let (_, ozon) = try await seed(fx)
            let admin = try await fx.user(.admin)
            #expect(try await fx.conversations("q=\(encoded("发货"))&storeID=\(ozon.id)", as: admin)["items"].array.isEmpty)
            #expect(try await fx.conversations("q=refund&folder=customerCare", as: admin)["items"].array.count == 1)
        }
    }

    @Test("Cursor pagination walks every conversation exactly once")
    func pagination() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            // Pairs share a timestamp, so the cursor's tie-break on id is exercised.
            let messages = (0..<23).map { index in
                Fixtures.message(
                    "m\(index)", conversation: "c\(index)", customer: "b\(index)",
                    sentAt: "2026-11-20T10:\(String(format: "%02d", index / 2)):00Z")
            }
            try await fx.ingest(messages, into: store)
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await fx.conversations("limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""), as: admin)
                seen += page["items"].array.compactMap { $0["id"].string }
                cursor = page["nextCursor"].string
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 5)
            #expect(seen.count == 23)
            #expect(Set(seen).count == 23)
        }
    }
}

@Suite("Full-text search pages")
struct SearchPagingTests {
    @Test("Results come newest matching message first, and the cursor walks every match exactly once")
    func pagesThroughMatches() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            // 30 matching conversations, two matching messages each, interleaved with ones that do not match.
            var messages: [[String: Any]] = []
            for index in 0..<30 {
                let minute = String(format: "%02d", index)
                messages.append(Fixtures.message("a\(index)", conversation: "c\(index)", body: "什么时候发货？", customer: "b\(index)",
                                                 sentAt: "2026-11-20T10:\(minute):00Z"))
                messages.append(Fixtures.message("n\(index)", conversation: "n\(index)", body: "谢谢", customer: "n\(index)",
                                                 sentAt: "2026-11-20T10:\(minute):10Z"))
                messages.append(Fixtures.message("b\(index)", conversation: "c\(index)", body: "还没发货", customer: "b\(index)",
                                                 sentAt: "2026-11-20T11:\(minute):00Z"))
            }
            try await fx.ingest(messages, into: store)
            var ids: [String] = []
            var times: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await fx.conversations("q=\(encoded("发货"))&limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""), as: admin)
                ids += page["items"].array.compactMap { $0["id"].string }
                times += page["items"].array.compactMap { $0["lastMessageAt"].string }
                cursor = page["nextCursor"].string
                pages += 1
            } while cursor != nil && pages < 20
            #expect(ids.count == 30)
            #expect(Set(ids).count == 30)
            #expect(pages == 5)
            #expect(times.first == "2026-11-20T11:29:00Z")
            #expect(times == times.sorted(by: >))
        }
    }

    @Test("A search cursor is not a list cursor")
    func cursorKinds() async throws {
        try await withKefu { _, fx in
            let admin = try await fx.user(.admin)
            let listCursor = ConversationCursorToken.sample
            let response = try await fx.send(.GET, "/api/v1/conversations?q=refund&cursor=\(listCursor)", bearer: admin.token)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_cursor")
        }
    }
}

import KefuCore

enum ConversationCursorToken {
    static let sample = ConversationCursor(lastMessageAt: Date(timeIntervalSince1970: 1_763_600_000), id: UUID()).token
}
