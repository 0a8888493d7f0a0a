import Fluent
import Foundation
import KefuCore
import Logging
import SQLKit

/// Runs one Ozon seller account: reads its buyer chats into the inbox (every chat at first, then what push and the
/// unread listing point at), sends the store's queued replies and tells Ozon which chats the agents have read.
/// Returns only when cancelled; throws when the account cannot be used, and the supervisor shows the error and tries
/// again later.
struct OzonChannelRunner: Sendable {
    let channel: ChannelRecord
    let settings: OzonChannelSettings
    let api: OzonAPI
    let store: IngestingStore
    let ingest: IngestService
    let outbox: OutboxService
    let progress: ChannelProgress
    let threads: ChannelThreads
    let bells: ChannelBells
    let live: LiveEvents
    let db: any Database
    let clock: KefuClock
    let logger: Logger

    static let concurrentChats = 8
    static let storeBatch = 500
    /// How often every chat is listed, not only unread ones.
    static let fullListingInterval: TimeInterval = 600
    /// How often the database is asked for pushes another instance stored.
    static let pushCheck: Duration = .seconds(1)

    func run() async throws {
        try await outbox.requeueInterrupted(for: store, scope: .of(.ozon))
        try await runChannelSides(receive: receive, send: send)
    }

    // MARK: - In

    private func receive() async throws {
        var state = OzonSyncState.decode(try await progress.cursor(of: channel.id))
        var lastListing: ContinuousClock.Instant?
        var reportedConnected = false
        while !Task.isCancelled {
            var wanted = Set(try await threads.takePending())
            if lastListing.map({ $0.duration(to: .now) >= .seconds(settings.pollSeconds) }) ?? true {
                let full = state.listedAllAt.map { clock.now().timeIntervalSince($0) >= Self.fullListingInterval } ?? true
                let listed = try await listChats(unreadOnly: !full)
                let cursors = try await threads.cursors()
                for (chat, last) in listed where last.map({ OzonID.isNewer($0, than: cursors[chat]) }) ?? true {
                    wanted.insert(chat)
                }
                lastListing = .now
                if full { state.listedAllAt = clock.now() }
            }
            if !wanted.isEmpty {
                try await read(wanted.sorted(), state: state)
                reportedConnected = false
            }
            if !reportedConnected {
                try await progress.advanced(channel.id, cursor: state.encoded, stored: 0, backlog: 0)
                try await progress.connected(channel.id)
                reportedConnected = true
            }
            let deadline = ContinuousClock.now + .seconds(settings.pollSeconds)
            while ContinuousClock.now < deadline, !Task.isCancelled {
                if try await bells.wait(channel.id, upTo: Self.pushCheck) { break }
                if try await threads.hasPending() { break }
            }
        }
    }

    /// Every buyer chat of the account, with the id of its newest message.
    private func listChats(unreadOnly: Bool) async throws -> [(chat: String, last: String?)] {
        var chats: [(String, String?)] = []
        var seen = Set<String>()
        var cursor: String?
        repeat {
            let page = try await api.chats(unreadOnly: unreadOnly, cursor: cursor)
            for entry in page.chats where OzonInbound.isBuyerChat(entry.chat.chat_type) {
                // Pages can repeat a chat when chats change while they are listed.
                if seen.insert(entry.chat.chat_id).inserted { chats.append((entry.chat.chat_id, entry.last_message_id?.value)) }
            }
            guard page.has_next == true, let next = page.cursor, !next.isEmpty, next != cursor else { break }
            cursor = next
        } while !Task.isCancelled
        return chats
    }

    /// Reads the chats' new messages, several chats at once, and stores them in batches; each chat's cursor moves
    /// only after its messages are stored.
    private func read(_ chats: [String], state: OzonSyncState) async throws {
        let cursors = try await threads.cursors()
        if chats.count > 1 { try await progress.syncing(channel.id, backlog: chats.count) }
        let runner = self
        try await ChatSync<OzonAPI.History.Message>(concurrency: Self.concurrentChats, batchSize: Self.storeBatch).run(
            chats, fetch: { chat in try await runner.skippingRefused(chat) { try await runner.history(of: chat, after: cursors[chat]) } },
            store: { batch, backlog in try await runner.store(batch, state: state, backlog: backlog) })
    }

    /// A chat Ozon refuses to show (deleted, or a forged push's invention) is left out; the others go on.
    private func skippingRefused(_ chat: String, _ read: () async throws -> [OzonAPI.History.Message]) async throws
        -> [OzonAPI.History.Message]
    {
        do {
            return try await read()
        } catch let error as MarketplaceError where error.kind == .rejected {
            logger.notice("Ozon refused chat \(chat): \(error.message)", metadata: ["channel": "\(channel.id)"])
            return []
        }
    }

    private func store(_ batch: [(chat: String, messages: [OzonAPI.History.Message])], state: OzonSyncState, backlog: Int)
        async throws
    {
        guard !batch.isEmpty else { return }
        let inbound = OzonInbound(store: store, outbox: outbox)
        var incoming: [IncomingMessage] = []
        var advanced: [(thread: String, cursor: String)] = []
        let now = clock.now()
        let replied = try await outbox.conversationsWithReplies(
            batch.map { OzonInbound.conversationID(chat: $0.chat) }, for: store)
        for (chat, messages) in batch {
            incoming += try await inbound.messages(chat: chat, history: messages, replied: replied, now: now, on: db.sql)
            if let newest = messages.last?.message_id.value { advanced.append((chat, newest)) }
        }
        for chunk in incoming.chunked(by: IngestLimits.maxMessagesPerRequest) {
            _ = try await ingest.ingest(Array(chunk), into: store)
        }
        try await threads.advance(advanced)
        try await progress.advanced(channel.id, cursor: state.encoded, stored: incoming.count, backlog: backlog)
    }

    /// A chat's messages newer than `cursor`, oldest first. Pages may repeat or reorder messages while the chat
    /// changes; the message id decides. A cursor Ozon no longer accepts is left for reading back from the newest
    /// message to the last one stored.
    func history(of chat: String, after cursor: String?) async throws -> [OzonAPI.History.Message] {
        var found: [String: OzonAPI.History.Message] = [:]
        if let cursor {
            do {
                var from = cursor
                while !Task.isCancelled {
                    let page = try await api.history(chat: chat, direction: .forward, from: from)
                    for message in page.messages where OzonID.isNewer(message.message_id.value, than: cursor) {
                        found[message.message_id.value] = message
                    }
                    guard page.has_next == true,
                        let newest = page.messages.map(\.message_id.value).max(by: { OzonID.isNewer($1, than: $0) }),
                        OzonID.isNewer(newest, than: from)
                    else { break }
                    from = newest
                }
                return Self.ordered(found)
            } catch let error as MarketplaceError where error.kind == .rejected {
                logger.notice("Ozon refused chat \(chat)'s cursor (\(error.message)); reading back from the newest message",
                              metadata: ["channel": "\(channel.id)"])
            }
        }
        var from: String?
        while !Task.isCancelled {
            let page = try await api.history(chat: chat, direction: .backward, from: from)
            for message in page.messages where OzonID.isNewer(message.message_id.value, than: cursor) {
                found[message.message_id.value] = message
            }
            let oldest = page.messages.map(\.message_id.value).min(by: { OzonID.isNewer($1, than: $0) })
            guard page.has_next == true, let oldest, from.map({ OzonID.isNewer($0, than: oldest) }) ?? true,
                OzonID.isNewer(oldest, than: cursor)
            else { break }
            from = oldest
        }
        return Self.ordered(found)
    }

    private static func ordered(_ messages: [String: OzonAPI.History.Message]) -> [OzonAPI.History.Message] {
        messages.values.sorted { OzonID.isNewer($1.message_id.value, than: $0.message_id.value) }
    }

    // MARK: - Out

    private func send() async throws {
        let runner = self
        try await MarketplaceSender(
            channel: channel.id, platform: "Ozon", store: store, scope: .of(.ozon), outbox: outbox, live: live, clock: clock, logger: logger
        ).run(
            beforeLook: { try await runner.tellRead() },
            deliver: { try await runner.deliver($0) },
            unsure: { delivery in
                // A reply that timed out may have reached Ozon: reading its chat finds it and marks it sent.
                if let chat = Self.chat(of: delivery) { try await runner.markPending(chat) }
            })
    }

    private func markPending(_ chat: String) async throws {
        try await ChannelThreads.markPending(chat, channel: channel.id, transactions: outbox.transactions, on: db)
        bells.ring(channel.id)
    }

    private func deliver(_ delivery: OutboxService.ClaimedDelivery) async throws {
        guard let chat = Self.chat(of: delivery) else {
            throw MarketplaceError(.rejected, "this conversation did not come from Ozon, so it has no Ozon chat to answer in.")
        }
        guard delivery.body.count <= OzonAPI.maxTextCharacters else {
            throw MarketplaceError(.rejected, "a chat message takes at most \(OzonAPI.maxTextCharacters) characters; this reply has \(delivery.body.count).")
        }
        try await api.send(chat: chat, text: delivery.body)
        _ = try await outbox.report(delivery.messageID, state: .sent, error: nil, externalID: nil, for: store)
        // Ozon answers a send without the new message's id: reading the chat back links the reply to it.
        try await markPending(chat)
    }

    /// Tells Ozon which chats the store's agents have read.
    private func tellRead() async throws {
        for (chat, cursor) in try await threads.readByAgents(store: store.storeID, prefix: OzonInbound.prefix) {
            do {
                try await api.markRead(chat: chat, upTo: cursor)
            } catch let error as MarketplaceError where error.kind == .rejected {
                logger.notice("Ozon refused marking chat \(chat) read: \(error.message)", metadata: ["channel": "\(channel.id)"])
            }
            try await threads.markToldRead(chat, cursor: cursor)
        }
    }

    static func chat(of delivery: OutboxService.ClaimedDelivery) -> String? {
        guard delivery.conversationExternalID.hasPrefix(OzonInbound.prefix) else { return nil }
        return String(delivery.conversationExternalID.dropFirst(OzonInbound.prefix.count))
    }
}
