/// The inbox's rows as HTML: the page places them in its list, and `/inbox/rows` answers with them alone.
enum InboxRowsHTML {
    static func render(_ rows: [InboxRow], orderLabel: String) -> String {
        var html = HTML(reservingCapacity: rows.count * 900)
        for row in rows {
            html.raw("<li class=\"row" + (row.unread ? " unread" : "") + (row.failed ? " failed" : "") + "\"")
            html.attribute("data-id", row.id)
            html.attribute("data-sort-key", row.sortKey)
            html.raw(">\n  <a")
            html.attribute("href", row.href)
            html.raw(">\n    <span")
            html.attribute("class", "platform p-\(row.platform)")
            html.attribute("title", row.platformName)
            html.raw(">")
            html.text(row.platformName)
            html.raw("</span>\n    ")
            html.element("span", class: "store", row.store)
            html.element("span", class: "customer", row.customer)
            html.raw("<span class=\"title\" dir=\"auto\">")
            html.text(row.title)
            html.raw("</span>\n    ")
            if let order = row.orderNumber { html.element("span", class: "order", "\(orderLabel) \(order)") }
            html.raw("\n    <span class=\"labels\">")
            for label in row.labels { html.element("span", class: "chip \(label.kind)", label.text) }
            for risk in row.risks {
                html.raw("<span class=\"chip risk\"")
                html.attribute("title", risk.advice)
                html.raw(">")
                html.text(risk.name)
                html.raw("</span>")
            }
            html.raw("</span>\n    ")
            if let sla = row.sla {
                html.raw("<span")
                html.attribute("class", "sla sla-\(sla.state)")
                html.attribute("title", sla.title)
                html.raw(">")
                html.text(sla.text)
                html.raw("</span>")
            }
            html.raw("\n    <time")
            html.attribute("datetime", row.lastMessageAt)
            html.raw(">")
            html.text(row.lastMessageText)
            html.raw("</time>\n  </a>\n</li>\n")
        }
        return html.text
    }
}
