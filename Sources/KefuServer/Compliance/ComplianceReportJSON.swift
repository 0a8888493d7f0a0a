import KefuCore

extension ComplianceReportDTO {
    /// The same JSON as its `Codable` form (a test holds them equal), written without `JSONEncoder`: the reply box
    /// asks for it on every pause in typing.
    var json: JSONWriter {
        var json = JSONWriter(capacity: 64 + findings.count * 640)
        json.raw("{\"verdict\":")
        json.string(verdict.rawValue)
        json.raw(",\"findings\":[")
        for (index, finding) in findings.enumerated() {
            if index > 0 { json.raw(",") }
            finding.write(to: &json)
        }
        json.raw("]}")
        return json
    }
}

extension FindingDTO {
    func write(to json: inout JSONWriter) {
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
        json.string(message)
        json.raw(",\"messages\":{\"zh\":")
        json.string(messages.zh)
        json.raw(",\"en\":")
        json.string(messages.en)
        json.raw("}")
        if let suggestion {
            json.raw(",\"suggestion\":")
            json.string(suggestion)
        }
        json.raw("}")
    }
}
