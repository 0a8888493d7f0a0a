import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("The thread shows who did what between its messages")
struct ThreadActivityTests {
    @Test("Assignment, labels, status and spam appear as lines in time order, named and in the reader's language")
    func activityLines() async throws {
        try await withKefu { app, fx in
            let (store, agent, id) = try await fx.oneConversation(body: "Where is my parcel?")
            let lead = try await fx.user(.supervisor, email: "lina@example.com")
            _ = try await fx.user(.agent, stores: [store], email: "wang.wei@example.com")
            #expect(try await fx.post("/api/v1/conversations/\(id)/assign", as: lead, ["userID": agent.id.uuidString]).status == .ok)
            #expect(try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "It ships tomorrow."]).status == .created)
            #expect(try await fx.post("/api/v1/conversations/\(id)/labels", as: agent, ["add": ["vip"]]).status == .ok)
            #expect(try await fx.post("/api/v1/conversations/\(id)/status", as: agent, ["status": "resolved"]).status == .ok)
            // Reads are not history lines: the messages show them.
            #expect(try await fx.post("/api/v1/conversations/\(id)/read", as: lead).status == .ok)

            let detail = try await fx.get("/api/v1/conversations/\(id)", as: lead)
            let activity = detail["activity"].array
            #expect(activity.map { $0["action"].string } == ["assigned", "labeled", "status"])
            #expect(activity[0]["userID"].string == lead.id.uuidString)
            #expect(activity[0]["detail"]["assignee"].string == agent.id.uuidString)
            #expect(activity[2]["detail"]["to"].string == "resolved")

            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "kefu_session=\(lead.token)")
            headers.add(name: .acceptLanguage, value: "zh-CN")
            let html = try await app.testing().sendRequest(.GET, "/conversations/\(id)", headers: headers).body.string
            let assigned = try #require(html.range(of: "lina 将会话分配给 "))
            let reply = try #require(html.range(of: "It ships tomorrow."))
            let labelled = try #require(html.range(of: "添加标签 vip"))
            let resolved = try #require(html.range(of: "将状态改为 已解决"))
            let buyer = try #require(html.range(of: "Where is my parcel?"))
            #expect(buyer.lowerBound < assigned.lowerBound)
            #expect(assigned.lowerBound < reply.lowerBound)
            #expect(reply.lowerBound < labelled.lowerBound)
            #expect(labelled.lowerBound < resolved.lowerBound)
            #expect(html.contains("class=\"activity a-assigned\""))
        }
    }

    @Test("Kefu's own lines: a deadline warning and a reply the platform refused")
    func systemLines() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let strings = try PageStrings.load(from: KefuResources(root: root))
        let directory = WorkspaceDirectory(stores: [], merchants: [], users: [])
        let warning = ActivityLine(
            .init(at: Date(), action: "slaOverdue", userID: nil, detail: ["policy": "walmart"]),
            strings: strings, language: .zh, directory: directory)
        #expect(warning.text == "系统提醒：已超时")
        let failed = ActivityLine(
            .init(at: Date(), action: "delivery_failed", userID: nil, detail: ["error": "chat closed"]),
            strings: strings, language: .en, directory: directory)
        #expect(failed.text == "A reply did not reach the platform: chat closed")
        let unknownAssignee = ActivityLine(
            .init(at: Date(), action: "assigned", userID: nil, detail: ["assignee": "none"]),
            strings: strings, language: .en, directory: directory)
        #expect(unknownAssignee.text == "Kefu unassigned this conversation")
    }
}
