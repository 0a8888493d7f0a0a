import KefuCore

/// A reply the guard stopped: 422 with the findings, so the reply box can underline them. A `warn` verdict is
/// refused the same way until the sender acknowledges the warnings.
struct ComplianceRejection: Error, Sendable {
    let report: ComplianceReport
    /// The platform whose rules the text broke, when it was checked against several (a template for every platform).
    var platform: Platform?

    /// `typedOffset`: how far the checked text starts into what the sender typed (the leading white space trimmed
    /// before storing), so the findings underline the right characters in the reply box.
    init(report: ComplianceReport, typedOffset: Int = 0, platform: Platform? = nil) {
        self.platform = platform
        var shifted = report
        for index in shifted.findings.indices {
            shifted.findings[index].start += typedOffset
            shifted.findings[index].end += typedOffset
        }
        self.report = shifted
    }

    var error: KefuError {
        report.verdict == .block
            ? .unprocessable(
                "compliance_blocked",
                platform.map { "\($0.displayName)'s rules forbid this text; a template for every platform must pass each one's. See the findings." }
                    ?? "The platform's rules forbid this message; see the findings and rewrite the underlined parts.")
            : .unprocessable(
                "compliance_warning",
                "The message has warnings; send again with \"acknowledgeWarnings\": true if you mean it.")
    }
}
