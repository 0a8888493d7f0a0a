import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Bulk exports")
struct BulkExportTests {
    /// Two stores; the first has three conversations in November (one in another language) and one in October.
    private func twoStores(_ fx: Fixtures) async throws -> (Fixtures.Store, Fixtures.Store) {
        let store = try await fx.store(.pinduoduo, name: "茶语 拼多多")
        let other = try await fx.store(.walmartUS)
        try await fx.ingest([
            Fixtures.message("m1", conversation: "nov-1", body: "快递到哪里了？", name: "王芳", order: "240601001", sentAt: "2026-11-03T02:00:00Z"),
            Fixtures.message("m2", conversation: "nov-1", body: "=HYPERLINK(\"x\") 还没到", name: "王芳", sentAt: "2026-11-03T03:00:00Z"),
            Fixtures.message("m3", conversation: "nov-2", body: "可以退货吗", customer: "b2", name: "李雷", sentAt: "2026-11-10T05:00:00Z"),
            Fixtures.message("m4", conversation: "nov-3", body: "Is it dishwasher safe?", customer: "b3", name: "Ann", sentAt: "2026-11-29T23:00:00Z"),
            Fixtures.message("m5", conversation: "oct-1", body: "十月的问题", customer: "b4", name: "赵六", sentAt: "2026-10-20T05:00:00Z"),
        ], into: store)
        try await fx.ingest([Fixtures.message("w1", conversation: "walmart-1", sentAt: "2026-11-05T05:00:00Z")], into: other)
        return (store, other)
    }

    private func runner(_ fx: Fixtures, holder: String = "test") -> BulkExportRunner {
        BulkExportRunner(deps: fx.deps, holder: holder)
    }

    @Test("A store's month exports in the background with progress, as CSV Excel reads and as complete JSON records")
    func exportsAStoresMonth() async throws {
        try await withKefu(now: iso("2026-11-30T12:00:00Z")) { _, fx in
            let (store, _) = try await twoStores(fx)
            let lead = try await fx.user(.supervisor)
            let november = ["storeID": store.id.uuidString, "from": "2026-11-01", "to": "2026-12-01"]

            let asked = try await fx.post("/api/v1/exports", as: lead, ["format": "csv", "parameters": november])
            #expect(asked.status == .accepted, "\(asked.body.string)")
            let id = try #require(try asked.json()["id"].string)
            #expect(asked.headers.first(name: .location) == "/api/v1/exports/\(id)")
            #expect(try asked.json()["state"].string == "queued")
            #expect(try await fx.get("/api/v1/exports/\(id)", as: lead)["download"].string == nil)
            let early = try await fx.send(.GET, "/api/v1/exports/\(id)/download", bearer: lead.token)
            #expect(early.status == .conflict)

            #expect(try await runner(fx).runNext())
            #expect(try await !runner(fx).runNext())
            let done = try await fx.get("/api/v1/exports/\(id)", as: lead)
            #expect(done["state"].string == "done")
            #expect(done["total"].int == 3 && done["done"].int == 3)
            #expect(done["download"].string == "/api/v1/exports/\(id)/download")

            let file = try await fx.send(.GET, "/api/v1/exports/\(id)/download", bearer: lead.token)
            #expect(file.status == .ok)
            #expect(file.headers.contentType?.subType == "csv")
            #expect(file.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let bytes = Array(file.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
            #expect(Int64(bytes.count) == done["bytes"].int.map(Int64.init))
            let text = file.body.string
            let lines = text.split(separator: "\r\n")
            #expect(lines.first?.hasSuffix("conversation_id,store,platform,kind,status,order_number,customer,customer_id,subject,labels,assignee_id,time,type,direction_or_action,author_or_actor,user_id,text,delivery,delivery_error,id") == true)
            #expect(text.contains("快递到哪里了？") && text.contains("可以退货吗") && text.contains("Is it dishwasher safe?"))
            #expect(!text.contains("十月的问题"), "October is outside the range")
            #expect(!text.contains("Where is my parcel?"), "the other store is not exported")
            #expect(text.contains("茶语 拼多多,pinduoduo"))
            // Buyers' text that a spreadsheet would run as a formula is defused.
            #expect(text.contains("'=HYPERLINK"))

            let jsonl = try await fx.post("/api/v1/exports", as: lead, ["format": "jsonl", "parameters": november])
            let jsonID = try #require(try jsonl.json()["id"].string)
            try await runner(fx).runNext()
            let records = try await fx.send(.GET, "/api/v1/exports/\(jsonID)/download", bearer: lead.token).body.string
                .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(records.count == 3)
            let threads = records.compactMap { $0?["thread"] as? [String: Any] }
            #expect(threads.compactMap { ($0["messages"] as? [Any])?.count }.reduce(0, +) == 4)
            #expect(records.allSatisfy { $0?["auditEvents"] is [Any] })

            let listed = try await fx.get("/api/v1/exports", as: lead)["items"].array
            #expect(listed.map { $0["id"].string } == [jsonID, id])
        }
    }

    @Test("Who may export in bulk, and what they may not ask for")
    func permissionsAndBadInput() async throws {
        try await withKefu(now: iso("2026-11-30T12:00:00Z")) { _, fx in
            let (store, other) = try await twoStores(fx)
            let lead = try await fx.user(.supervisor)
            let otherLead = try await fx.user(.supervisor)
            let admin = try await fx.user(.admin)
            let agent = try await fx.user(.agent, stores: [store])
            let viewer = try await fx.user(.merchantViewer, stores: [other])

            #expect(try await fx.post("/api/v1/exports", as: agent, ["parameters": [:]]).status == .forbidden)
            for (body, reason) in [
                (["format": "xlsx"], "an unknown format"),
                (["parameters": ["storeId": store.id.uuidString]], "a misspelt parameter"),
                (["parameters": ["from": "last week"]], "a date it cannot read"),
                (["parameters": ["from": "2026-12-01", "to": "2026-11-01"]], "a range that ends before it starts"),
                (["parameters": ["folder": "everything"]], "an unknown folder"),
            ] as [([String: Any], String)] {
                let response = try await fx.post("/api/v1/exports", as: lead, body)
                #expect(response.status == .badRequest, "\(reason): \(response.body.string)")
                #expect(try response.json()["error"]["code"].string != nil)
            }

            let mine = try #require(try await fx.post("/api/v1/exports", as: lead, [String: Any]()).json()["id"].string)
            #expect(try await fx.send(.GET, "/api/v1/exports/\(mine)", bearer: otherLead.token).status == .notFound)
            #expect(try await fx.send(.GET, "/api/v1/exports/\(mine)", bearer: admin.token).status == .ok)
            let stranger = try await fx.user(.admin, workspace: "Another agency")
            #expect(try await fx.send(.GET, "/api/v1/exports/\(mine)", bearer: stranger.token).status == .notFound)
            #expect(try await fx.get("/api/v1/exports", as: otherLead)["items"].array.isEmpty)

            // A merchant's viewer exports only the stores they see, whatever the filter says.
            let theirs = try #require(try await fx.post("/api/v1/exports", as: viewer, ["parameters": [:]]).json()["id"].string)
            _ = try await fx.post("/api/v1/exports", as: lead, ["parameters": ["storeID": other.id.uuidString]])
            // Three at a time per person: a fourth waiting export is refused with a reason.
            #expect(try await fx.post("/api/v1/exports", as: lead, [String: Any]()).status == .accepted)
            let busy = try await fx.post("/api/v1/exports", as: lead, [String: Any]())
            #expect(busy.status == .conflict)
            #expect(try busy.json()["error"]["code"].string == "exports_busy")
            while try await runner(fx).runNext() {}
            let text = try await fx.send(.GET, "/api/v1/exports/\(theirs)/download", bearer: viewer.token).body.string
            #expect(text.contains("Where is my parcel?") && !text.contains("快递到哪里了？"))

            #expect(try await fx.send(.DELETE, "/api/v1/exports/\(mine)", bearer: otherLead.token).status == .notFound)
            #expect(try await fx.send(.DELETE, "/api/v1/exports/\(mine)", bearer: lead.token).status == .noContent)
            #expect(try await fx.send(.GET, "/api/v1/exports/\(mine)/download", bearer: lead.token).status == .notFound)
        }
    }

    @Test("An export whose runner stopped is taken over and written again; expired files are removed")
    func takeOverAndRemoval() async throws {
        try await withKefu(now: iso("2026-11-30T12:00:00Z")) { _, fx in
            let (store, _) = try await twoStores(fx)
            let lead = try await fx.user(.supervisor)
            let id = try #require(try await fx.post(
                "/api/v1/exports", as: lead, ["parameters": ["storeID": store.id.uuidString]]).json()["id"].string)
            // Another instance took it, wrote a part and went silent three minutes ago.
            let sql = try fx.deps.database.open().sql
            let uuid = try #require(UUID(uuidString: id))
            let stale = fx.deps.clock.now().addingTimeInterval(-180)
            try await sql.raw("""
                UPDATE bulk_exports SET state = 'running', holder = 'crashed', heartbeat_at = \(bind: stale), done = 1
                WHERE id = \(bind: uuid)
                """).run()
            try await sql.insert(into: "bulk_export_parts").columns("id", "export_id", "seq", "data")
                .values(UUID(), uuid, 0, Data("half a file".utf8)).run()
            // A live runner elsewhere holds it with a fresh heartbeat: nobody takes it.
            try await sql.raw("UPDATE bulk_exports SET heartbeat_at = \(bind: fx.deps.clock.now()) WHERE id = \(bind: uuid)").run()
            #expect(try await !runner(fx).runNext())
            try await sql.raw("UPDATE bulk_exports SET heartbeat_at = \(bind: stale) WHERE id = \(bind: uuid)").run()
            #expect(try await runner(fx, holder: "second").runNext())
            let done = try await fx.get("/api/v1/exports/\(id)", as: lead)
            #expect(done["state"].string == "done" && done["total"].int == 4)
            let text = try await fx.send(.GET, "/api/v1/exports/\(id)/download", bearer: lead.token).body.string
            #expect(!text.contains("half a file"))
            #expect(text.contains("十月的问题"))

            // Expired files are removed.
            fx.setNow(fx.deps.clock.now().addingTimeInterval(BulkExports.keptFor + 60))
            try await runner(fx).removeExpired()
            #expect(try await fx.send(.GET, "/api/v1/exports/\(id)", bearer: lead.token).status == .notFound)
        }
    }
}
