import KefuCore

extension ComplianceReport {
    /// The same JSON as `ComplianceReportDTO`'s `Codable` form (a test holds them equal), written from the report
    /// without `JSONEncoder` or the DTO's copies: the reply box asks for it on every pause in typing.
    func json(language: String) -> JSONWriter {
        var json = JSONWriter(capacity: 64 + findings.count * 640)
        json.raw("{\"verdict\":")
        json.string(verdict.rawValue)
        json.raw(",\"findings\":[")
        for (index, finding) in findings.enumerated() {
            if index > 0 { json.raw(",") }
            finding.write(to: &json, language: language)
        }
        json.raw("]}")
        return json
    }
}

extension Finding {
    /// A `FindingDTO`'s fields, in its order.
    fileprivate func write(to json: inout JSONWriter, language: String) {
        json.raw("{\"rule\":")
        json.string(rule)
        json.raw(",\"category\":")
        json.string(category.rawValue)
        json.raw(",\"severity\":")
        json.string(severity.rawValue)
        json.raw(",\"start\":")
        json.int(start)
        json.raw(",\"end\":")
        json.int(end)
        json.raw(",\"matched\":")
        json.string(matched)
        json.raw(",\"message\":")
        json.string(message.text(for: language))
        json.raw(",\"messages\":{\"zh\":")
        json.string(message.zh)
        json.raw(",\"en\":")
        json.string(message.en)
        json.raw("}")
        if let suggestion {
            json.raw(",\"suggestion\":")
            json.string(suggestion)
        }
        if let fix {
            json.raw(",\"fix\":{\"start\":")
            json.int(fix.start)
            json.raw(",\"end\":")
            json.int(fix.end)
            json.raw(",\"text\":")
            json.string(fix.text)
            json.raw("}")
        }
        json.raw("}")
    }
}
