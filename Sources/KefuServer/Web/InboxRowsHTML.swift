/// The inbox's rows as HTML: the page places them in its list, and `/inbox/rows` answers with them alone.
enum InboxRowsHTML {
    static func render(_ rows: [InboxRow], orderLabel: String, slaTitle: String) -> String {
        var html = HTML(reservingCapacity: rows.count * 900)
        for row in rows {
            html.raw("<li class=\"row")
            if row.unread { html.raw(" unread") }
            if row.failed { html.raw(" failed") }
            html.raw("\" data-id=\"")
            html.text(row.id)
            html.raw("\" data-sort-key=\"")
            html.text(row.sortKey)
            html.raw("\">\n  <a href=\"")
            html.text(row.href)
            html.raw("\">\n    <span class=\"platform p-")
            html.text(row.platform)
            html.raw("\" title=\"")
            html.text(row.platformName)
            html.raw("\">")
            html.text(row.platformName)
            html.raw("</span>\n    <span class=\"store\">")
            html.text(row.store)
            html.raw("</span>\n    <span class=\"customer\">")
            html.text(row.customer)
            html.raw("</span>\n    <span class=\"title\" dir=\"auto\">")
            html.text(row.title)
            html.raw("</span>\n    ")
            if let order = row.orderNumber {
                html.raw("<span class=\"order\">")
                html.text(orderLabel)
                html.raw(" ")
                html.text(order)
                html.raw("</span>")
            }
            html.raw("\n    <span class=\"labels\">")
            for label in row.labels {
                html.raw("<span class=\"chip ")
                html.text(label.kind)
                html.raw("\">")
                html.text(label.text)
                html.raw("</span>")
            }
            html.raw("</span>\n    ")
            if let sla = row.sla {
                html.raw("<span class=\"sla sla-")
                html.text(sla.state)
                html.raw("\" title=\"")
                html.text(slaTitle)
                html.raw("\">")
                html.text(sla.text)
                html.raw("</span>")
            }
            html.raw("\n    <time datetime=\"")
            html.text(row.lastMessageAt)
            html.raw("\">")
            html.text(row.lastMessageText)
            html.raw("</time>\n  </a>\n</li>\n")
        }
        return html.text
    }
}
