import Foundation
import KefuCore

extension ConversationListDTO {
    /// The same JSON as this DTO's `Codable` form (a test holds them equal), written without `JSONEncoder`, which was
    /// a quarter of a 50-row list's cost: every inbox refresh, search keystroke and connector poll reads one.
    func json() -> JSONWriter {
        var json = JSONWriter(capacity: 256 + items.count * 900)
        json.raw("{\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { json.raw(",") }
            item.write(to: &json)
        }
        json.raw("]")
        json.field("nextCursor", nextCursor)
        json.raw(",\"counts\":{")
        for (index, (folder, count)) in counts.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { json.raw(",") }
            json.string(folder)
            json.raw(":")
            json.int(count)
        }
        json.raw("},\"unread\":")
        json.int(unread)
        json.raw("}")
        return json
    }
}

extension ConversationDTO {
    fileprivate func write(to json: inout JSONWriter) {
        json.raw("{\"id\":")
        json.uuid(id)
        json.raw(",\"storeID\":")
        json.uuid(storeID)
        json.raw(",\"merchantID\":")
        json.uuid(merchantID)
        json.raw(",\"platform\":")
        json.string(platform.rawValue)
        json.raw(",\"kind\":")
        json.string(kind.rawValue)
        json.raw(",\"status\":")
        json.string(status.rawValue)
        json.field("spamReason", spamReason?.rawValue)
        json.raw(",\"labels\":[")
        for (index, label) in labels.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(label)
        }
        json.raw("]")
        json.field("orderNumber", orderNumber)
        json.field("subject", subject)
        json.raw(",\"customer\":{\"id\":")
        json.uuid(customer.id)
        json.raw(",\"name\":")
        json.string(customer.name)
        json.raw("},\"unread\":")
        json.bool(unread)
        json.raw(",\"hasFailedDelivery\":")
        json.bool(hasFailedDelivery)
        json.raw(",\"preview\":")
        json.string(preview)
        json.raw(",\"lastMessageAt\":")
        json.date(lastMessageAt)
        json.field("awaitingSince", awaitingSince)
        json.field("assigneeID", assigneeID)
        json.raw(",\"messageCount\":")
        json.int(messageCount)
        json.raw(",\"createdAt\":")
        json.date(createdAt)
        if let sla {
            json.raw(",\"sla\":")
            sla.write(to: &json)
        }
        if let riskFlags {
            json.raw(",\"riskFlags\":[")
            for (index, flag) in riskFlags.enumerated() {
                if index > 0 { json.raw(",") }
                json.string(flag.rawValue)
            }
            json.raw("]")
        }
        json.raw("}")
    }
}

extension SLAReading {
    fileprivate func write(to json: inout JSONWriter) {
        json.raw("{\"policy\":")
        json.string(policy)
        json.raw(",\"state\":")
        json.string(state.rawValue)
        json.raw(",\"startedAt\":")
        json.date(startedAt)
        json.raw(",\"dueAt\":")
        json.date(dueAt)
        json.raw(",\"atRiskAt\":")
        json.date(atRiskAt)
        json.raw(",\"remainingSeconds\":")
        json.int(remainingSeconds)
        json.raw(",\"breached\":")
        json.bool(breached)
        json.field("respondedAt", respondedAt)
        json.field("firstResponseAt", firstResponseAt)
        json.field("resumesAt", resumesAt)
        json.raw("}")
    }
}
