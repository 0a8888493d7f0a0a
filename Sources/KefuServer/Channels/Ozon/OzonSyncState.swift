import Foundation

/// What an Ozon channel remembers between runs beside its chats' cursors: when it last listed every chat (the first
/// listing is the first sync; later full listings catch replies written in Ozon's back office, which leave a chat
/// read).
struct OzonSyncState: Codable, Equatable {
    var listedAllAt: Date?

    static func decode(_ text: String?) -> OzonSyncState {
        guard let text, let state = try? JSONDecoder().decode(OzonSyncState.self, from: Data(text.utf8)) else {
            return OzonSyncState()
        }
        return state
    }

    var encoded: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }
}
