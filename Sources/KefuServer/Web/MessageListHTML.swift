/// A thread's messages as HTML, oldest first: author, language, time, delivery (with Retry when it failed), the
/// buyer's risk flags, and the body in its own direction.
enum MessageListHTML {
    struct Labels {
        let retry: String
        let acknowledged: String
    }

    static func render(_ messages: [ThreadPage.Message], labels: Labels) -> String {
        var html = HTML(reservingCapacity: messages.count * 700)
        for message in messages {
            html.raw("<li class=\"message m-")
            html.text(message.role)
            if message.outbound { html.raw(" outbound") }
            if message.failed { html.raw(" failed") }
            html.raw("\" data-id=\"")
            html.text(message.id.uuidString)
            html.raw("\">\n  <div class=\"message-meta\"><strong>")
            html.text(message.author)
            html.raw("</strong>")
            if let language = message.language {
                html.raw(" <span class=\"lang\">")
                html.text(language)
                html.raw("</span>")
            }
            html.raw(" <time datetime=\"")
            html.text(message.sentAt)
            html.raw("\">")
            html.text(message.sentAtText)
            html.raw("</time>")
            if let delivery = message.delivery, let text = message.deliveryText {
                html.raw(" <span class=\"delivery d-")
                html.text(delivery)
                html.raw("\">")
                html.text(text)
                html.raw("</span>")
            }
            if message.failed {
                html.raw(" <button type=\"button\" class=\"retry\" data-message=\"")
                html.text(message.id.uuidString)
                html.raw("\">")
                html.text(labels.retry)
                html.raw("</button>")
            }
            if message.acknowledged {
                html.raw(" <span class=\"ack\">")
                html.text(labels.acknowledged)
                html.raw("</span>")
            }
            html.raw("</div>\n")
            for risk in message.risks {
                html.raw("  <p class=\"risk\" role=\"note\">⚠ ")
                html.text(risk)
                html.raw("</p>\n")
            }
            html.raw("  <div class=\"body\" dir=\"")
            html.text(message.dir)
            html.raw("\"")
            if let language = message.language {
                html.raw(" lang=\"")
                html.text(language)
                html.raw("\"")
            }
            html.raw(">")
            html.text(message.body)
            html.raw("</div>\n")
            if let error = message.deliveryError {
                html.raw("  <p class=\"delivery-error\">")
                html.text(error)
                html.raw("</p>\n")
            }
            html.raw("</li>\n")
        }
        return html.text
    }
}
