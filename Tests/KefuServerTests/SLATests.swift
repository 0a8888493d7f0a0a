import Foundation
import KefuCore
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("SLA state, urgency order and the monitor")
struct SLATests {
    static let now = iso8601("2026-11-20T12:00:00+08:00")

    @Test("A buyer message gets its platform's deadline, and a reply meets it")
    func deadlineAndReply() async throws {
        try await withKefu(now: Self.now) { _, fx in
            let store = try await fx.store(.walmartUS)
            let agent = try await fx.user(.agent, stores: [store])
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", sentAt: "2026-11-20T03:00:00Z")], into: store)
            let item = try await fx.conversations(as: agent)["items"][0]
            #expect(item["sla"]["policy"].string == "walmart-us@1")
            #expect(item["sla"]["state"].string == "running")
            #expect(item["sla"]["dueAt"].string == "2026-11-22T03:00:00Z")
            #expect(item["sla"]["remainingSeconds"].int == 47 * 3_600)

            let reply = try await fx.post("/api/v1/conversations/\(item["id"].string ?? "")/replies", as: agent, ["body": "It ships today."])
            #expect(reply.status == .created || reply.status == .ok)
            let answered = try reply.json()["conversation"]
            #expect(answered["sla"]["state"].string == "met")
            #expect(answered["sla"]["breached"].bool == false)
            #expect(answered["sla"]["firstResponseAt"].string == "2026-11-20T04:00:00Z")
            #expect(!answered["labels"].strings.contains("responseNeeded"))
        }
    }

    @Test("Pinduoduo's clock counts only its window, turns at risk at 75 %, and a new buyer message starts a new clock")
    func pinduoduo() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let store = try await fx.store(.pinduoduo, timeZone: "Asia/Shanghai")
            let admin = try await fx.user(.admin)
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", sentAt: "2026-11-20T11:57:30+08:00")], into: store)
            var item = try await fx.conversations("folder=atRisk", as: admin)["items"][0]
            #expect(item["sla"]["state"].string == "atRisk")
            #expect(item["sla"]["remainingSeconds"].int == 30)
            #expect(try await fx.conversations(as: admin)["counts"]["atRisk"].int == 1)

            // Answered from the platform's own back office, then the buyer writes again at 22:59.
            try await fx.ingest([Fixtures.message("m2", conversation: "c1", author: .agent, sentAt: "2026-11-20T11:59:00+08:00")], into: store)
            #expect(try await fx.conversations(as: admin)["counts"]["atRisk"].int == 0)
            fx.setNow(iso8601("2026-11-20T23:30:00+08:00"))
            try await fx.ingest([Fixtures.message("m3", conversation: "c1", sentAt: "2026-11-20T22:59:00+08:00")], into: store)
            item = try await fx.conversations(as: admin)["items"][0]
            #expect(item["sla"]["dueAt"].string == "2026-11-21T00:02:00Z")  // 08:02 Beijing time
            #expect(item["sla"]["state"].string == "running")
            #expect(item["sla"]["remainingSeconds"].int == 120)
        }
    }

    @Test("An auto reply does not stop Walmart's clock; Taobao counts its approved bot")
    func botReplies() async throws {
        try await withKefu(now: Self.now) { _, fx in
            let walmart = try await fx.store(.walmartUS)
            let taobao = try await fx.store(.taobao, timeZone: "Asia/Shanghai")
            let admin = try await fx.user(.admin)
            for store in [walmart, taobao] {
                try await fx.ingest(
                    [
                        Fixtures.message("m1", conversation: "c1", sentAt: "2026-11-20T11:50:00+08:00"),
                        Fixtures.message("m2", conversation: "c1", body: "Auto: we will reply soon", author: .bot, sentAt: "2026-11-20T11:51:00+08:00"),
                    ], into: store)
            }
            let walmartItem = try await fx.conversations("storeID=\(walmart.id)", as: admin)["items"][0]
            #expect(walmartItem["sla"]["state"].string == "running")
            #expect(walmartItem["labels"].strings.contains("responseNeeded"))
            let taobaoItem = try await fx.conversations("storeID=\(taobao.id)", as: admin)["items"][0]
            #expect(taobaoItem["sla"]["state"].string == "met")
            #expect(!taobaoItem["labels"].strings.contains("responseNeeded"))
        }
    }

    @Test("The urgency order puts a JD chat with 20 s left before a Walmart e-mail with 30 h left, across pages")
    func urgencyOrder() async throws {
        try await withKefu(now: Self.now) { _, fx in
            let jd = try await fx.store(.jd, timeZone: "Asia/Shanghai")
            let walmart = try await fx.store(.walmartUS)
            let admin = try await fx.user(.admin)
            try await fx.ingest([Fixtures.message("w1", conversation: "walmart-wait", name: "Walmart buyer", sentAt: "2026-11-19T18:00:00+08:00")], into: walmart)
            try await fx.ingest(
                [
                    Fixtures.message("w2", conversation: "walmart-done", customer: "b2", name: "Answered buyer", sentAt: "2026-11-20T11:59:00+08:00"),
                    Fixtures.message("w3", conversation: "walmart-done", customer: "b2", name: "Answered buyer", author: .agent, sentAt: "2026-11-20T11:59:30+08:00"),
                ], into: walmart)
            try await fx.ingest([Fixtures.message("j1", conversation: "jd-chat", name: "JD buyer", sentAt: "2026-11-20T11:59:50+08:00")], into: jd)

            let list = try await fx.conversations("sort=urgency", as: admin)
            #expect(list["items"].array.map { $0["customer"]["name"].string ?? "" } == ["JD buyer", "Walmart buyer", "Answered buyer"])
            #expect(list["items"][0]["sla"]["remainingSeconds"].int == 20)  // JD: 30 s allowance, 10 s used
            #expect(list["items"][1]["sla"]["remainingSeconds"].int == 30 * 3_600)

            var names: [String] = []
            var cursor: String?
            repeat {
                let page = try await fx.conversations("sort=urgency&limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), as: admin)
                names += page["items"].array.compactMap { $0["customer"]["name"].string }
                cursor = page["nextCursor"].string
            } while cursor != nil
            #expect(names == ["JD buyer", "Walmart buyer", "Answered buyer"])
            #expect(try await fx.send(.GET, "/api/v1/conversations?sort=loudest", bearer: admin.token).status == .badRequest)
        }
    }

    @Test("The monitor warns once when a wait turns at risk and once when overdue, only to agents who see the store")
    func monitor() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let store = try await fx.store(.walmartUS)
            let other = try await fx.store(.walmartUS)
            let agent = try await fx.user(.agent, stores: [store])
            let outsider = try await fx.user(.agent, stores: [other])
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", sentAt: "2026-11-20T04:00:00Z")], into: store)
            let viewer = try await Viewer.load(try #require(try await UserModel.find(agent.id, on: app.db)), on: app.db)
            let outsiderViewer = try await Viewer.load(try #require(try await UserModel.find(outsider.id, on: app.db)), on: app.db)
            let stream = fx.deps.live.subscribe(viewer)
            let outsiderStream = fx.deps.live.subscribe(outsiderViewer)

            let monitor = SLAMonitor(fx.deps, client: nil, holder: "instance-a")
            #expect(try await monitor.runOnce()?.isEmpty == true)
            fx.setNow(Self.now.addingTimeInterval(37 * 3_600))
            let atRisk = try #require(try await monitor.runOnce())
            #expect(atRisk.map(\.type) == ["sla.atRisk"])
            #expect(try await monitor.runOnce()?.isEmpty == true)
            #expect(try await fx.conversations("folder=atRisk", as: agent)["counts"]["atRisk"].int == 1)

            // A second instance finds the lease taken and does nothing.
            #expect(try await SLAMonitor(fx.deps, client: nil, holder: "instance-b").runOnce() == nil)

            fx.setNow(Self.now.addingTimeInterval(49 * 3_600))
            #expect(try await monitor.runOnce()?.map(\.type) == ["sla.overdue"])
            #expect(try await fx.conversations("folder=atRisk", as: agent)["items"].array.isEmpty)
            let item = try await fx.conversations("folder=overdue", as: agent)["items"][0]
            #expect(item["sla"]["state"].string == "overdue")
            #expect(item["sla"]["remainingSeconds"].int == -3_600)

            // Between the warnings come the conversation.changed events of the state changes themselves.
            var iterator = stream.makeAsyncIterator()
            var warnings: [String] = []
            var changes = 0
            while warnings.count < 2, let event = await iterator.next() {
                if event.type.hasPrefix("sla.") { warnings.append(event.type) } else { changes += 1 }
            }
            #expect(warnings == ["sla.atRisk", "sla.overdue"])
            #expect(changes == 2)
            fx.deps.live.publish([])
            let audit = try await app.db.sql.raw("SELECT action FROM audit_events WHERE action LIKE 'sla%' ORDER BY created_at").all()
            #expect(try audit.map { try $0.decode(column: "action", as: String.self) } == ["slaAtRisk", "slaOverdue"])
            _ = outsiderStream  // The outsider's stream got nothing: checked by the hub test below.
        }
    }

    @Test("A wait that arrives already at risk is warned about once, on the next pass")
    func lateImportWarned() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let store = try await fx.store(.walmartUS)
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", sentAt: "2026-11-18T10:00:00Z")], into: store)
            let monitor = SLAMonitor(fx.deps, client: nil, holder: "a")
            #expect(try await monitor.runOnce()?.map(\.type) == ["sla.atRisk"])
            #expect(try await monitor.runOnce()?.isEmpty == true)
        }
    }

    @Test("A backlog larger than a batch is warned in one pass; waits overdue for more than a week are marked silently")
    func backlogWarned() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let store = try await fx.store(.walmartUS)
            let recent = (0..<1_100).map { Fixtures.message("r\($0)", conversation: "r\($0)", sentAt: "2026-11-18T10:00:00Z") }
            let old = (0..<150).map { Fixtures.message("o\($0)", conversation: "o\($0)", sentAt: "2026-10-01T10:00:00Z") }
            for chunk in (recent + old).chunked(by: 500) { _ = try await fx.ingest(Array(chunk), into: store) }
            let monitor = SLAMonitor(fx.deps, client: nil, holder: "a")
            let warnings = try #require(try await monitor.runOnce())
            #expect(warnings.count == 1_100)
            #expect(Set(warnings.map(\.type)) == ["sla.atRisk"])
            #expect(try await monitor.runOnce()?.isEmpty == true)
            let audit = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action LIKE 'sla%'").first()
            #expect(try audit?.decode(column: "n", as: Int.self) == 1_100)
            let unmarked = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM conversations WHERE sla_warned_state IS NULL").first()
            #expect(try unmarked?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test("The live WebSocket streams what the signed-in agent may see")
    func liveWebSocket() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let store = try await fx.store(.walmartUS)
            let agent = try await fx.user(.agent, stores: [store])
            // Port 0: the kernel picks a free port, so parallel tests never collide.
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let received = AsyncStream.makeStream(of: String.self)
            let client = NIOLockedValueBox<WebSocket?>(nil)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: agent.token)
            try await WebSocket.connect(to: "ws://127.0.0.1:\(port)/api/v1/live", headers: headers, on: app.eventLoopGroup) { socket in
                socket.onText { _, text in received.continuation.yield(text) }
                client.withLockedValue { $0 = socket }
            }
            let deadline = ContinuousClock.now + .seconds(5)
            while fx.deps.live.subscriberCount == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            fx.deps.live.publish([LiveEvent(
                type: "sla.atRisk", workspaceID: try #require(try await WorkspaceModel.named("Agency", on: app.db)?.id),
                storeID: store.id, conversationID: UUID(), platform: "walmart-us", customerName: "Li Lei", orderNumber: nil,
                dueAt: nil, remainingSeconds: 60, at: Self.now)])
            var iterator = received.stream.makeAsyncIterator()
            let text = try #require(await iterator.next())
            #expect(text.contains("\"type\":\"sla.atRisk\""))
            try await client.withLockedValue { $0 }?.close()
            await app.server.shutdown()
        }
    }

    @Test("The live hub delivers an event only to viewers of its workspace who can see its store")
    func liveHubScoping() async throws {
        try await withKefu(now: Self.now) { app, fx in
            let store = try await fx.store(.walmartUS)
            let other = try await fx.store(.walmartUS)
            let agent = try await fx.user(.agent, stores: [store])
            let viewer = try await Viewer.load(try #require(try await UserModel.find(agent.id, on: app.db)), on: app.db)
            let stream = fx.deps.live.subscribe(viewer)
            func event(_ storeID: UUID, _ type: String) -> LiveEvent {
                LiveEvent(
                    type: type, workspaceID: viewer.workspaceID, storeID: storeID, conversationID: UUID(), platform: "walmart-us",
                    customerName: "x", orderNumber: nil, dueAt: nil, remainingSeconds: nil, at: Self.now)
            }
            fx.deps.live.publish([event(other.id, "hidden"), event(store.id, "visible")])
            var iterator = stream.makeAsyncIterator()
            #expect(await iterator.next()?.type == "visible")
        }
    }
}

func iso8601(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
}
