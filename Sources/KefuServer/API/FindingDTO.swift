import Foundation
import KefuCore
import Vapor

/// A finding as the API shows it: offsets in UTF-16 code units of the original text, the explanation in the reader's
/// language (and both), the pack's rewrite of the span and the checked fix.
struct FindingDTO: Content {
    let rule: String
    let category: ComplianceCategory
    let severity: Severity
    let start: Int
    let end: Int
    let matched: String
    let message: String
    let messages: LocalizedText
    let suggestion: String?
    let fix: Fix?

    init(_ finding: Finding, language: String) {
        rule = finding.rule
        category = finding.category
        severity = finding.severity
        start = finding.start
        end = finding.end
        matched = finding.matched
        message = finding.message.text(for: language)
        messages = finding.message
        suggestion = finding.suggestion
        fix = finding.fix
    }
}

/// The check endpoint's answer.
struct ComplianceReportDTO: Content {
    let verdict: Verdict
    let findings: [FindingDTO]

    init(_ report: ComplianceReport, language: String) {
        verdict = report.verdict
        findings = report.findings.map { FindingDTO($0, language: language) }
    }
}

/// What is stored on an outbound message: the verdict it was sent with and whether the agent acknowledged warnings.
struct MessageCompliance: Codable, Sendable {
    let verdict: Verdict
    let acknowledged: Bool
    let findings: [Finding]
}

extension Request {
    /// `zh` or `en`, from `?lang=` or the browser's Accept-Language.
    var readerLanguage: String {
        // Decoding the query string costs more than the rest of this; most requests have none.
        if url.query?.contains("lang=") == true, let lang = query[String.self, at: "lang"] {
            return lang.lowercased().hasPrefix("zh") ? "zh" : "en"
        }
        let header = headers.first(name: .acceptLanguage)?.lowercased() ?? ""
        return header.hasPrefix("zh") ? "zh" : "en"
    }
}
