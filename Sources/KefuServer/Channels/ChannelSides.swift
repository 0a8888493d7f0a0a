/// Runs a channel's two sides, what comes in and what goes out, together: either failing stops both, and the
/// supervisor starts the channel again after a pause.
func runChannelSides(
    receive: @escaping @Sendable () async throws -> Void, send: @escaping @Sendable () async throws -> Void
) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await receive() }
        group.addTask { try await send() }
        try await group.next()
        group.cancelAll()
    }
}
