import Foundation

/// Reads many chats of one account: several at once (the channel's token bucket keeps them under its rate) while
/// what arrived is stored in batches, so the platform's rate, not Kefu, sets the pace of a first sync.
struct ChatSync<Message: Sendable>: Sendable {
    var concurrency = 8
    /// Messages stored per transaction.
    var batchSize = 500

    typealias Fetched = (chat: String, messages: [Message])

    /// `fetch` reads one chat; `store` gets batches in the order chats finished, with how many chats are left.
    func run(
        _ chats: [String], fetch: @escaping @Sendable (String) async throws -> [Message],
        store: @escaping @Sendable ([Fetched], _ backlog: Int) async throws -> Void
    ) async throws {
        let (fetched, sink) = AsyncStream.makeStream(of: Fetched.self)
        let concurrency = concurrency
        let batchSize = batchSize
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { sink.finish() }
                try await withThrowingTaskGroup(of: Fetched.self) { fetching in
                    var next = chats.makeIterator()
                    for _ in 0..<concurrency {
                        guard let chat = next.next() else { break }
                        fetching.addTask { (chat, try await fetch(chat)) }
                    }
                    while let done = try await fetching.next() {
                        sink.yield(done)
                        if let chat = next.next() { fetching.addTask { (chat, try await fetch(chat)) } }
                    }
                }
            }
            group.addTask {
                var pending: [Fetched] = []
                var count = 0
                var remaining = chats.count
                for await item in fetched {
                    pending.append(item)
                    count += item.messages.count
                    remaining -= 1
                    if count >= batchSize {
                        try await store(pending, remaining)
                        pending.removeAll(keepingCapacity: true)
                        count = 0
                    }
                }
                // A fetch that failed ended the stream early: what was read is stored, the rest waits for the next run.
                if !pending.isEmpty { try await store(pending, remaining) }
            }
            try await group.waitForAll()
        }
    }
}
