import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("The outbox as a channel works it")
struct ChannelDeliveryTests {
    @Test("Two senders taking replies at once (a lease lost for a moment) take each reply once; postponed replies wait their turn; a stopped sender's replies go back to the queue")
    func claims() async throws {
        try await withKefu { app, fx in
            let (store, agent, id) = try await fx.oneConversation()
            for text in ["First answer.", "Second answer."] {
                #expect(try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": text]).status == .created)
            }
            let model = try #require(try await StoreModel.find(store.id, on: app.db))
            let ingesting = IngestingStore(storeID: store.id, workspaceID: model.workspaceID, merchantID: model.merchantID, platform: store.platform)
            let outbox = fx.deps.outbox(on: app.db)
            async let a = outbox.claim(for: ingesting, scope: .of(.email), limit: 10)
            async let b = outbox.claim(for: ingesting, scope: .of(.email), limit: 10)
            let (first, second) = try await (a, b)
            let taken = (first + second).map(\.messageID)
            #expect(taken.count == 2 && Set(taken).count == 2, "\(first.count) + \(second.count) claims")
            #expect(try await outbox.claim(for: ingesting, scope: .of(.email), limit: 10).isEmpty)

            try await outbox.postpone(taken[0], error: "451 try later", retryAt: Date().addingTimeInterval(3_600))
            #expect(try await outbox.claim(for: ingesting, scope: .of(.email), limit: 10).isEmpty)
            try await outbox.requeueInterrupted(for: ingesting, scope: .of(.email))
            let again = try await outbox.claim(for: ingesting, scope: .of(.email), limit: 10)
            #expect(again.map(\.messageID) == [taken[1]])
            let states = try await app.db.sql.raw("SELECT state, attempts, last_error FROM deliveries ORDER BY attempts").all()
                .map { (try $0.decode(column: "state", as: String.self), try $0.decode(column: "attempts", as: Int.self)) }
            #expect(states.map(\.0).sorted() == ["queued", "sending"])
        }
    }
}
