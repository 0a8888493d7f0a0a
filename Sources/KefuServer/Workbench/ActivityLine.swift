import Foundation
import KefuCore

/// One line of a thread's history between its messages, in the reader's language: "李娜 将会话分配给 王伟",
/// "系统提醒：已超时".
struct ActivityLine: Sendable {
    let at: Date
    /// The action, as the CSS modifier (`a-assigned`, `a-slaOverdue`…).
    let action: String
    let text: String

    init(_ activity: ConversationDetailDTO.Activity, strings: PageStrings, language: UILanguage, directory: WorkspaceDirectory) {
        func t(_ key: String, _ values: [String: String] = [:]) -> String { strings.text(key, language, values) }
        let actor = directory.userName(activity.userID) ?? t("activity.system")
        let detail = activity.detail
        at = activity.at
        action = activity.action
        switch activity.action {
        case "assigned":
            let assignee = detail["assignee"].flatMap(UUID.init(uuidString:))
            if assignee == nil {
                text = t("activity.unassigned", ["actor": actor])
            } else if assignee == activity.userID {
                text = t("activity.took", ["actor": actor])
            } else {
                text = t("activity.assigned", ["actor": actor, "who": directory.userName(assignee) ?? "?"])
            }
        case "labeled":
            var parts: [String] = []
            for (key, change) in [("added", "activity.labelAdded"), ("removed", "activity.labelRemoved")] {
                guard let names = detail[key], !names.isEmpty else { continue }
                let shown = names.split(separator: ",").map { name in
                    SystemLabel(rawValue: String(name)).map { t("label.\($0.rawValue)") } ?? String(name)
                }
                parts.append(t(change, ["actor": actor, "labels": shown.joined(separator: ", ")]))
            }
            text = parts.joined(separator: " · ")
        case "status":
            text = t("activity.status", ["actor": actor, "status": t("status.\(detail["to"] ?? "open")")])
        case "flagged":
            let reason = detail["reason"].map { t("spam.\($0)") } ?? ""
            text = t("activity.flagged", ["actor": actor, "reason": reason])
        case "unflagged":
            text = t("activity.unflagged", ["actor": actor])
        case "delivery_failed":
            text = t("activity.deliveryFailed", ["error": detail["error"] ?? ""])
        case "delivery_retried":
            text = t("activity.deliveryRetried", ["actor": actor])
        default:
            // slaAtRisk, slaOverdue
            text = t("activity.\(activity.action)")
        }
    }
}
