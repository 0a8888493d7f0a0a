import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Fans live events out to the connected browsers of this instance, each filtered to what its viewer may see.
final class LiveEvents: Sendable {
    private struct Subscriber {
        let accepts: @Sendable (LiveEvent) -> Bool
        let continuation: AsyncStream<LiveEvent>.Continuation
    }

    private let subscribers = NIOLockedValueBox<[UUID: Subscriber]>([:])
    /// Names this process in the events it sends to other instances.
    let instanceID = UUID()

    /// A stream of the events `viewer` may see; it ends when the caller stops iterating.
    func subscribe(_ viewer: Viewer) -> AsyncStream<LiveEvent> {
        subscribe { event in viewer.workspaceID == event.workspaceID && viewer.canSee(storeID: event.storeID) }
    }

    /// A stream of the events `accepts` takes, for work inside Kefu (a channel waking when its store's outbox moves).
    func subscribe(where accepts: @escaping @Sendable (LiveEvent) -> Bool) -> AsyncStream<LiveEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingNewest(256))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLockedValue { $0.removeValue(forKey: id) }
        }
        subscribers.withLockedValue { $0[id] = Subscriber(accepts: accepts, continuation: continuation) }
        return stream
    }

    func publish(_ events: [LiveEvent]) {
        let current = subscribers.withLockedValue { Array($0.values) }
        for event in events {
            for subscriber in current where subscriber.accepts(event) {
                subscriber.continuation.yield(event)
            }
        }
    }

    var subscriberCount: Int { subscribers.withLockedValue { $0.count } }
}
