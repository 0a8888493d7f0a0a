import Fluent
import Foundation
import KefuCore
import Logging
import SQLKit

/// Runs one eBay seller account: reads its conversations with members into the inbox (all of them at first, then
/// those with activity since the last look), sends the store's queued replies and marks conversations the agents read
/// as read on eBay. Returns only when cancelled; throws when the account cannot be used.
struct EbayChannelRunner: Sendable {
    let channel: ChannelRecord
    let settings: EbayChannelSettings
    let api: EbayAPI
    let store: IngestingStore
    let ingest: IngestService
    let outbox: OutboxService
    let progress: ChannelProgress
    let threads: ChannelThreads
    let live: LiveEvents
    let db: any Database
    let clock: KefuClock
    let logger: Logger

    /// How far back a look reaches before the previous one, for conversations whose time eBay set late.
    static let overlap: TimeInterval = 3_600
    /// The most pages of one conversation read at once.
    static let maxPages = 40

    struct SyncState: Codable {
        var listedAt: Date?
    }

    func run() async throws {
        try await outbox.requeueInterrupted(for: store, scope: .of(.ebay))
        try await runChannelSides(receive: receive, send: send)
    }

    // MARK: - In

    private func receive() async throws {
        var state = (try await progress.cursor(of: channel.id)).flatMap {
            try? JSONDecoder().decode(SyncState.self, from: Data($0.utf8))
        } ?? SyncState()
        while !Task.isCancelled {
            let started = clock.now()
            let listed = try await list(since: state.listedAt.map { $0.addingTimeInterval(-Self.overlap) })
            let cursors = try await threads.cursors()
            let changed = listed.filter { conversation in
                conversation.latestMessage.map { cursors[conversation.conversationId] != $0.messageId } ?? false
            }
            let byID = Dictionary(changed.map { ($0.conversationId, $0) }, uniquingKeysWith: { first, _ in first })
            if changed.count > 1 { try await progress.syncing(channel.id, backlog: changed.count) }
            state.listedAt = started
            let encoded = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
            let runner = self
            try await ChatSync<EbayAPI.Message>(concurrency: 4).run(
                changed.map(\.conversationId),
                fetch: { conversation in
                    do {
                        return try await runner.messages(of: conversation)
                    } catch let error as MarketplaceError where error.kind == .rejected {
                        // Removed on eBay since it was listed: the others go on.
                        runner.logger.notice("eBay refused conversation \(conversation): \(error.message)")
                        return []
                    }
                },
                store: { batch, backlog in
                    try await runner.store(batch, conversations: byID, cursor: encoded, backlog: backlog)
                })
            try await progress.advanced(channel.id, cursor: encoded, stored: 0, backlog: 0)
            try await progress.connected(channel.id)
            try await Task.sleep(for: .seconds(settings.pollSeconds))
        }
    }

    private func list(since: Date?) async throws -> [EbayAPI.Conversation] {
        var all: [EbayAPI.Conversation] = []
        var seen = Set<String>()
        var offset = 0
        while !Task.isCancelled {
            let page = try await api.conversations(offset: offset, since: since)
            let conversations = page.conversations ?? []
            for conversation in conversations where seen.insert(conversation.conversationId).inserted {
                all.append(conversation)
            }
            // Pages are counted by what was asked, not by what came: a page may repeat an entry.
            offset += EbayAPI.page
            guard !conversations.isEmpty, page.next != nil || (page.total.map { offset < $0 } ?? false) else { break }
        }
        return all
    }

    /// Every message of a conversation, oldest first; pages that repeat while the conversation grows are deduplicated.
    private func messages(of conversation: String) async throws -> [EbayAPI.Message] {
        var found: [String: EbayAPI.Message] = [:]
        var offset = 0
        for _ in 0..<Self.maxPages {
            let page = try await api.messages(of: conversation, offset: offset)
            let messages = page.messages ?? []
            for message in messages { found[message.messageId] = message }
            offset += EbayAPI.page
            guard !messages.isEmpty, page.next != nil || (page.total.map { offset < $0 } ?? false) else { break }
        }
        return found.values.sorted {
            ($0.createdDate ?? "", $0.messageId) < ($1.createdDate ?? "", $1.messageId)
        }
    }

    private func store(
        _ batch: [(chat: String, messages: [EbayAPI.Message])], conversations: [String: EbayAPI.Conversation],
        cursor: String, backlog: Int
    ) async throws {
        let inbound = EbayInbound(store: store, outbox: outbox, sellerUsername: settings.sellerUsername)
        var incoming: [IncomingMessage] = []
        var advanced: [(thread: String, cursor: String)] = []
        let now = clock.now()
        let replied = try await outbox.conversationsWithReplies(batch.map { EbayInbound.conversationID($0.chat) }, for: store)
        for (id, messages) in batch {
            guard let conversation = conversations[id] else { continue }
            incoming += try await inbound.messages(in: conversation, messages, replied: replied, now: now)
            if let latest = conversation.latestMessage?.messageId { advanced.append((id, latest)) }
        }
        for chunk in incoming.chunked(by: IngestLimits.maxMessagesPerRequest) {
            _ = try await ingest.ingest(Array(chunk), into: store)
        }
        try await threads.advance(advanced)
        try await progress.advanced(channel.id, cursor: cursor, stored: incoming.count, backlog: backlog)
    }

    // MARK: - Out

    private func send() async throws {
        let runner = self
        try await MarketplaceSender(
            channel: channel.id, platform: "eBay", store: store, scope: .of(.ebay), outbox: outbox, live: live, clock: clock, logger: logger
        ).run(
            beforeLook: { try await runner.tellRead() },
            deliver: { try await runner.deliver($0) },
            // eBay answers a send with the new message's id; a timed-out send is found by the next look at the
            // conversation, which matches the reply by its text.
            unsure: { _ in })
    }

    private func deliver(_ delivery: OutboxService.ClaimedDelivery) async throws {
        guard delivery.conversationExternalID.hasPrefix(EbayInbound.prefix) else {
            throw MarketplaceError(.rejected, "this conversation did not come from eBay, so it has no eBay conversation to answer in.")
        }
        let conversation = String(delivery.conversationExternalID.dropFirst(EbayInbound.prefix.count))
        let id = try await api.send(conversation: conversation, text: delivery.body)
        _ = try await outbox.report(
            delivery.messageID, state: .sent, error: nil, externalID: EbayInbound.prefix + id, for: store)
    }

    private func tellRead() async throws {
        for (conversation, cursor) in try await threads.readByAgents(store: store.storeID, prefix: EbayInbound.prefix) {
            do {
                try await api.markRead(conversation: conversation)
            } catch let error as MarketplaceError where error.kind == .rejected {
                logger.notice("eBay refused marking \(conversation) read: \(error.message)", metadata: ["channel": "\(channel.id)"])
            }
            try await threads.markToldRead(conversation, cursor: cursor)
        }
    }
}
