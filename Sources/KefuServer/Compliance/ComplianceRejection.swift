import KefuCore

/// A reply the guard stopped: 422 with the findings, so the reply box can underline them. A `warn` verdict is
/// refused the same way until the sender acknowledges the warnings.
struct ComplianceRejection: Error, Sendable {
    let report: ComplianceReport

    var error: KefuError {
        report.verdict == .block
            ? .unprocessable(
                "compliance_blocked",
                "The platform's rules forbid this message; see the findings and rewrite the underlined parts.")
            : .unprocessable(
                "compliance_warning",
                "The message has warnings; send again with \"acknowledgeWarnings\": true if you mean it.")
    }
}
