import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Full-text search on PostgreSQL, common and rare terms")
struct PostgresSearchTests {
    @Test("A term in most messages walks newest first; one in a few goes through the GIN index; both answer alike")
    func commonAndRareTerms() async throws {
        try await withKefu { app, fx in
            // The two ways exist only on PostgreSQL; on SQLite FTS5 answers both.
            guard fx.deps.settings.databaseKind == .postgres, let index = fx.deps.search as? PostgresSearchIndex else { return }
            let store = try await fx.store(.jd, timeZone: "Asia/Shanghai")
            var messages: [[String: Any]] = []
            for i in 0..<120 {
                let body = i % 15 == 7 ? "订单尾号 42445 发货了吗" : "请问什么时候发货 第\(i)条"
                messages.append(Fixtures.message(
                    "m\(i)", conversation: "c\(i)", body: body, customer: "b\(i)", name: "买家\(i)",
                    sentAt: "2026-11-20T0\(i / 60):\(String(format: "%02d", i % 60)):00Z"))
            }
            try await fx.ingest(messages, into: store)
            // A small table's statistics list every term; with the smallest target they list the top ten, as a large
            // table's list only its commonest few hundred.
            try await app.db.sql.raw("ALTER TABLE message_search ALTER COLUMN terms SET STATISTICS 1").run()
            try await app.db.sql.raw("ANALYZE message_search").run()
            let common = try await index.commonTerms.current(on: app.db.sql)
            #expect(common.contains("发货"))
            #expect(!common.contains("42445"))

            let agent = try await fx.user(.agent, stores: [store])
            let everywhere = try await fx.conversations("q=\(encoded("发货"))&limit=200", as: agent)["items"].array
            #expect(everywhere.count == 120)
            // Newest matching message first.
            #expect(everywhere.first?["customer"]["name"].string == "买家119")
            #expect(everywhere.last?["customer"]["name"].string == "买家0")
            let rare = try await fx.conversations("q=42445", as: agent)["items"].array
            #expect(rare.compactMap { $0["customer"]["name"].string } == ["买家112", "买家97", "买家82", "买家67", "买家52", "买家37", "买家22", "买家7"])
            let both = try await fx.conversations("q=\(encoded("42445 发货"))", as: agent)["items"].array
            #expect(both.count == 8)
            // Paged, the rare way continues where it stopped, newest first, each conversation once.
            var names: [String] = []
            var cursor: String?
            repeat {
                let page = try await fx.conversations(
                    "q=42445&limit=3" + (cursor.map { "&cursor=\(encoded($0))" } ?? ""), as: agent)
                names += page["items"].array.compactMap { $0["customer"]["name"].string }
                cursor = page["nextCursor"].string
            } while cursor != nil && names.count < 20
            #expect(names == rare.compactMap { $0["customer"]["name"].string })
        }
    }
}
