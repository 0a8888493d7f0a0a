import Foundation
import KefuCore
import NIOCore
import Testing

@testable import KefuServer

@Suite("The check endpoint's hand-written JSON")
struct ComplianceReportJSONTests {
    /// Parses JSON text into Foundation objects, so key order and escaping style do not matter, only content.
    private func parsed(_ data: Data) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test("It says exactly what JSONEncoder says, for awkward text, a fix, and a finding without a suggestion or fix")
    func sameAsCodable() throws {
        let awkward = "quote \" backslash \\ slash / tab\t line\nreturn\r nul\u{0} bell\u{7} esc\u{1B} 😀 e\u{301} \u{2028} 加微信"
        var fixed = Finding(
            rule: "contact.wechat", category: .contactInfo, severity: .block, start: 4, end: 6, matched: awkward,
            message: LocalizedText(zh: "不要\"引导\"", en: awkward), suggestion: "138****5678")
        fixed.fix = Fix(start: 2, end: 9, text: awkward)
        let report = ComplianceReport(findings: [
            fixed,
            Finding(
                rule: "promise.delivery", category: .promise, severity: .warn, start: 0, end: 120_000, matched: "",
                message: LocalizedText(zh: "", en: "")),
        ])
        for language in ["zh", "en"] {
            let dto = ComplianceReportDTO(report, language: language)
            let written = report.json(language: language).buffer
            let hand = try parsed(Data(written.readableBytesView))
            let codable = try parsed(try JSONEncoder().encode(dto))
            #expect(hand == codable)
            #expect((hand["findings"] as? [NSDictionary])?.first?["matched"] as? String == awkward)
        }
        let empty = ComplianceReport(findings: []).json(language: "en").buffer
        #expect(String(buffer: empty) == #"{"verdict":"pass","findings":[]}"#)
    }

    @Test("The response is JSON in UTF-8")
    func contentType() {
        let response = ComplianceReport(findings: []).json(language: "en").response()
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "Content-Type") == "application/json; charset=utf-8")
    }
}
