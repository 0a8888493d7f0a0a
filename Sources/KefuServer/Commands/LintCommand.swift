import Foundation
import KefuCore
import Vapor

/// `kefu lint --platform pinduoduo "text"`: the compliance guard for scripts and support staff. Exits 0 when every
/// text passes, 1 when the worst is a warning, 2 when one is blocked. With `--inbound` the texts are buyers' messages
/// and the findings are the risk flags ingest would set on them (always warnings).
struct LintCommand: AsyncCommand {
    let deps: Dependencies

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    struct Signature: CommandSignature {
        @Option(name: "platform", help: "The platform whose rules apply: pinduoduo, walmart-us, tmall, …")
        var platform: String?
        @Option(name: "file", help: "Check every line of this file as one message (- reads standard input).")
        var file: String?
        @Flag(name: "json", help: "Print the API's JSON: one object per text, one line each.")
        var json: Bool
        @Option(name: "lang", help: "The language of explanations: en (default) or zh.")
        var lang: String?
        @Option(name: "workspace", help: "Also apply this workspace's own terms (the only option that opens the database).")
        var workspace: String?
        @Flag(name: "inbound", help: "Treat the texts as buyers' messages: report the risk flags ingest would set.")
        var inbound: Bool
    }

    /// Without `--workspace`, lint checks against the shipped rules and opens no database, so a CI job can run it in a
    /// checkout without creating or migrating one there.
    static func needsNoDatabase(_ arguments: [String]) -> Bool {
        arguments.dropFirst().first == "lint" && !arguments.contains { $0 == "--workspace" || $0.hasPrefix("--workspace=") }
    }

    let help = "Check messages against a platform's compliance rules; exit 0 pass, 1 warn, 2 block, 64 bad input."

    struct LineReport: Encodable {
        let line: Int?
        let text: String
        let verdict: Verdict
        let findings: [FindingDTO]
    }

    /// The text is the command's positional argument; ConsoleKit's `@Argument` cannot be optional, and with
    /// `--file` there is none.
    func run(using context: inout CommandContext) async throws {
        // ConsoleKit takes an option value that starts with "-" for no value at all; `\-` is its escape for one.
        if let index = context.input.arguments.firstIndex(of: "--file"), index + 1 < context.input.arguments.count,
            context.input.arguments[index + 1] == "-"
        {
            context.input.arguments[index + 1] = "\\-"
        }
        let signature = try Signature(from: &context.input)
        let rest = context.input.arguments
        if let unknown = rest.first(where: { $0.hasPrefix("--") }) {
            throw Self.usageExit(KefuError.invalid("unknown_option", "\(unknown) is not an option of kefu lint, or it needs a value."))
        }
        try await lint(using: context, signature: signature, text: rest.isEmpty ? nil : rest.joined(separator: " "))
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await lint(using: context, signature: signature, text: nil)
    }

    /// Bad input exits 64 (EX_USAGE) with its message, apart from the verdicts 1 and 2.
    func lint(using context: CommandContext, signature: Signature, text argument: String?) async throws {
        do {
            try await check(using: context, signature: signature, text: argument)
        } catch let error as KefuError {
            throw Self.usageExit(error)
        }
    }

    private static func usageExit(_ error: KefuError) -> CommandExit {
        FileHandle.standardError.write(Data("kefu: \(error.message)\n".utf8))
        return CommandExit(status: 64)
    }

    private func check(using context: CommandContext, signature: Signature, text argument: String?) async throws {
        guard let name = signature.platform else {
            throw KefuError.invalid("missing_option", "--platform is required: one of \(Platform.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let platform = try Platform.named(name)
        let texts = try Self.texts(file: signature.file, text: argument)
        let language = (signature.lang ?? "en").lowercased().hasPrefix("zh") ? "zh" : "en"
        let guarded: ComplianceGuard
        if signature.inbound {
            guard signature.workspace == nil else {
                throw KefuError.invalid("conflicting_options", "--inbound checks the platform's risk rules; workspace terms apply to replies only.")
            }
            guarded = deps.compliance.rules.inboundGuard(for: platform)
        } else if let name = signature.workspace {
            let db = try deps.database.open()
            let workspace = try await deps.tenancy(on: db).workspace(named: name)
            guarded = try await deps.compliance.outboundGuard(for: platform, workspace: try workspace.requireID(), on: db.sql)
        } else {
            guarded = deps.compliance.rules.outboundGuard(for: platform)
        }
        var worst = Verdict.pass
        for (index, text) in texts.enumerated() {
            let report = guarded.checkOfferingFixes(text)
            if report.verdict == .block || (report.verdict == .warn && worst == .pass) { worst = report.verdict }
            let line = signature.file == nil ? nil : index + 1
            if signature.json {
                let dto = ComplianceReportDTO(report, language: language)
                if let line {
                    try context.printJSON(LineReport(line: line, text: text, verdict: dto.verdict, findings: dto.findings))
                } else {
                    try context.printJSON(dto)
                }
            } else {
                context.console.output(Self.describe(report, text: text, line: line, language: language), style: .plain)
            }
        }
        if worst != .pass { throw CommandExit(status: worst == .block ? 2 : 1) }
    }

    static func texts(file: String?, text: String?) throws -> [String] {
        if let path = file {
            let data: Data? = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
            guard let data else { throw KefuError.invalid("unreadable_file", "Cannot read \(path).") }
            guard let content = String(data: data, encoding: .utf8) else {
                throw KefuError.invalid("invalid_utf8", "\(path) is not UTF-8 text.")
            }
            let lines = content.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard !lines.isEmpty else { throw KefuError.invalid("empty_text", "\(path) has no text to check.") }
            return lines
        }
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw KefuError.invalid("empty_text", "Give the text to check, or --file with one message per line.")
        }
        return [text]
    }

    static func describe(_ report: ComplianceReport, text: String, line: Int?, language: String) -> String {
        var lines = ["\(report.verdict.rawValue.uppercased())\(line.map { " line \($0)" } ?? ""): \(text)"]
        for finding in report.findings {
            var entry = "  \(finding.severity.rawValue) \(finding.category.rawValue) [\(finding.start)–\(finding.end)] \"\(finding.matched)\": "
                + finding.message.text(for: language)
            if let fix = finding.fix {
                entry += " → \(fix.applied(to: Array(text.utf16)))"
            }
            lines.append(entry)
        }
        return lines.joined(separator: "\n")
    }
}

/// A command's non-zero exit status that is an answer, not a failure (`kefu lint`: 1 warn, 2 block).
public struct CommandExit: Error, Sendable {
    public let status: Int32
}
