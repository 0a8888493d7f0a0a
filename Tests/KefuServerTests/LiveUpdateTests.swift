import Foundation
import KefuCore
import FluentPostgresDriver
import PostgresNIO
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Live updates: every committed change reaches the viewers who may see it, and nothing else does")
struct LiveUpdateTests {
    struct Rollback: Error {}

    /// The next event of `stream`, or nil after `seconds`.
    func next(_ stream: AsyncStream<LiveEvent>, within seconds: Double = 2) async -> LiveEvent? {
        await withTaskGroup(of: LiveEvent?.self) { group in
            group.addTask {
                for await event in stream { return event }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func viewer(_ user: Fixtures.User, app: Application) async throws -> Viewer {
        try await Viewer.load(try #require(try await UserModel.find(user.id, on: app.db)), on: app.db)
    }

    @Test("An ingested message and a reply each send conversation.changed with the folders before and after")
    func ingestAndReply() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store()
            let agent = try await fx.user(.agent, stores: [store])
            let outsider = try await fx.user(.agent, stores: [try await fx.store(.jd)])
            let events = fx.deps.live.subscribe(try await viewer(agent, app: app))
            let elsewhere = fx.deps.live.subscribe(try await viewer(outsider, app: app))

            try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: store)
            let arrived = try #require(await next(events))
            #expect(arrived.type == "conversation.changed")
            #expect(arrived.storeID == store.id)
            #expect(arrived.foldersBefore == nil)
            #expect(Set(arrived.foldersAfter ?? []) == [.all, .unread, .responseNeeded])
            #expect(arrived.dueAt != nil)

            let id = arrived.conversationID
            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "It ships today."])
            #expect(reply.status == .created)
            let answered = try #require(await next(events))
            #expect(answered.conversationID == id)
            #expect(Set(answered.foldersBefore ?? []) == [.all, .unread, .responseNeeded])
            #expect(!(answered.foldersAfter ?? []).contains(.responseNeeded))
            #expect(answered.dueAt == nil)

            #expect(await next(elsewhere, within: 0.3) == nil, "a viewer of other stores hears nothing")
        }
    }

    @Test("A rolled-back write sends nothing")
    func rollback() async throws {
        try await withKefu { app, fx in
            let (_, agent, id) = try await fx.oneConversation()
            let viewer = try await viewer(agent, app: app)
            let events = fx.deps.live.subscribe(viewer)
            let conversationID = try #require(UUID(uuidString: id))
            await #expect(throws: Rollback.self) {
                try await fx.deps.transactions.run(on: app.db) { tx in
                    var record = try await fx.deps.conversations.load(conversationID, visibleTo: viewer, in: tx)
                    let before = record.state
                    record.state.markRead()
                    try await fx.deps.conversations.save([record], before: [conversationID: before], in: tx)
                    throw Rollback()
                }
            }
            #expect(await next(events, within: 0.3) == nil)
        }
    }

    @Test("On PostgreSQL the events travel by NOTIFY on the schema's channel, for other instances to relay")
    func notifiesOnPostgres() async throws {
        try await withKefu { app, fx in
            guard fx.deps.settings.databaseKind == .postgres, let url = fx.deps.settings.databaseURL else { return }
            let store = try await fx.store()
            let channel = LiveFanOut.channel(schema: fx.deps.settings.postgresSchema)
            // Another instance's listener, on a connection of its own.
            let connection = try await PostgresConnection.connect(
                configuration: try SQLPostgresConfiguration(url: url).coreConfiguration, id: 99, logger: app.logger)
            let heard = try await connection.listen(on: channel) { notifications -> LiveFanOut.Envelope? in
                // Listening from here on: what the ingest sends must arrive.
                try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: store)
                for try await notification in notifications {
                    return LiveFanOut.decode(notification.payload)
                }
                return nil
            }
            let envelope = try #require(heard)
            #expect(envelope.from == fx.deps.live.instanceID)
            #expect(envelope.events.map(\.type) == ["conversation.changed"])
            #expect(envelope.events.first?.storeID == store.id)
            try await connection.close()
        }
    }
}
