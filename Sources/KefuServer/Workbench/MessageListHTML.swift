/// A conversation's messages as HTML, oldest first: author, language, time, delivery (with Retry when it failed), the
/// buyer's risk flags, and the body in its own direction; between them, the activity lines of the same moments.
enum MessageListHTML {
    struct Labels {
        let retry: String
        let acknowledged: String
    }

    static func render(_ messages: [ConversationPage.Message], activity: [ActivityLine] = [], labels: Labels) -> String {
        var html = HTML(reservingCapacity: messages.count * 700 + activity.count * 200)
        var lines = activity[...]
        for message in messages {
            while let line = lines.first, line.at < message.at {
                render(line, into: &html)
                lines = lines.dropFirst()
            }
            html.raw("<li")
            html.attribute(
                "class", "message m-\(message.role)" + (message.outbound ? " outbound" : "") + (message.failed ? " failed" : ""))
            html.attribute("data-id", message.id.uuidString)
            html.raw(">\n  <div class=\"message-meta\"><strong>")
            html.text(message.author)
            html.raw("</strong> ")
            if let language = message.language { html.element("span", class: "lang", language) }
            html.raw(" <time")
            html.attribute("datetime", message.sentAt)
            html.raw(">")
            html.text(message.sentAtText)
            html.raw("</time> ")
            if let delivery = message.delivery, let text = message.deliveryText {
                html.element("span", class: "delivery d-\(delivery)", text)
            }
            if message.failed {
                html.raw(" <button type=\"button\" class=\"retry\"")
                html.attribute("data-message", message.id.uuidString)
                html.raw(">")
                html.text(labels.retry)
                html.raw("</button>")
            }
            if message.acknowledged { html.element("span", class: "ack", labels.acknowledged) }
            html.raw("</div>\n")
            for risk in message.risks {
                html.raw("  <p class=\"risk\" role=\"note\">⚠ ")
                html.text(risk)
                html.raw("</p>\n")
            }
            html.raw("  <div")
            html.attribute("class", "body")
            html.attribute("dir", message.dir)
            if let language = message.language { html.attribute("lang", language) }
            html.raw(">")
            html.text(message.body)
            html.raw("</div>\n")
            if !message.attachments.isEmpty {
                html.raw("  <ul class=\"attachments\">")
                for file in message.attachments {
                    html.raw("<li>")
                    if let href = file.href {
                        html.raw("<a")
                        html.attribute("href", href)
                        html.attribute("download", file.name)
                        html.raw(">")
                        html.text(file.name)
                        html.raw("</a>")
                    } else {
                        html.text(file.name)
                    }
                    html.raw(" ")
                    html.element("span", class: "size", file.size)
                    html.raw("</li>")
                }
                html.raw("</ul>\n")
            }
            if let error = message.deliveryError { html.element("p", class: "delivery-error", error) }
            html.raw("</li>\n")
        }
        for line in lines { render(line, into: &html) }
        return html.text
    }

    private static func render(_ line: ActivityLine, into html: inout HTML) {
        html.raw("<li")
        html.attribute("class", "activity a-\(line.action)")
        html.raw(">")
        html.text(line.text)
        html.raw(" <time")
        html.attribute("datetime", PageTime.iso(line.at))
        html.raw(">")
        html.text(PageTime.text(line.at))
        html.raw("</time></li>\n")
    }
}
