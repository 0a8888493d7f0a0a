import Foundation
import KefuCore
import Testing

/// The guard's quality on `Resources/labelled-messages.tsv`: messages written for Kefu, each labelled with the verdict
/// and category a platform's rules call for, ordinary polite replies included.
@Suite("Compliance quality on the labelled set")
struct LabelledSetTests {
    struct Sample {
        let platform: Platform
        let expected: Verdict
        let category: ComplianceCategory?
        let text: String
        let context: ComplianceContext
    }

    static let samples: [Sample] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/labelled-messages.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> Sample? in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 4, let platform = Platform(rawValue: columns[0]), let expected = Verdict(rawValue: columns[1]) else {
                return nil
            }
            var context = ComplianceContext()
            for pair in columns.dropFirst(4) {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                if parts[0] == "buyerPhone" { context.customerPhones.append(parts[1]) }
                if parts[0] == "customerAddress" { context.customerAddress = parts[1] }
            }
            return Sample(
                platform: platform, expected: expected, category: ComplianceCategory(rawValue: columns[2]), text: columns[3],
                context: context)
        }
    }()

    @Test("At least 300 messages, violations of every category and ordinary replies on every platform")
    func coverage() {
        #expect(Self.samples.count >= 300)
        let categories = Set(Self.samples.compactMap(\.category))
        for category in ComplianceCategory.allCases where ![.suspiciousLink, .paymentRequest, .phishing].contains(category) {
            #expect(categories.contains(category), "no labelled violation of \(category)")
        }
        let ordinary = Set(Self.samples.filter { $0.expected == .pass }.map(\.platform))
        #expect(ordinary == Set(Platform.allCases))
    }

    @Test("Recall on violations is at least 98 %; ordinary replies are blocked at most 1 % and warned at most 3 % of the time")
    func quality() {
        let violations = Self.samples.filter { $0.expected != .pass }
        let ordinary = Self.samples.filter { $0.expected == .pass }
        var missed: [String] = []
        for sample in violations {
            let report = ShippedRules.check(sample.platform, sample.text, context: sample.context)
            let found = report.verdict != .pass && report.findings.contains { $0.category == sample.category }
            if !found { missed.append("\(sample.platform.rawValue) \(sample.category?.rawValue ?? "-"): \(sample.text)") }
        }
        var falselyBlocked: [String] = []
        var warned = 0
        for sample in ordinary {
            let report = ShippedRules.check(sample.platform, sample.text, context: sample.context)
            if report.verdict == .warn { warned += 1 }
            if report.verdict == .block {
                falselyBlocked.append("\(sample.platform.rawValue): \(sample.text) ← \(report.findings.map(\.matched))")
            }
        }
        let recall = Double(violations.count - missed.count) / Double(max(violations.count, 1))
        let falseBlockRate = Double(falselyBlocked.count) / Double(max(ordinary.count, 1))
        print(String(
            format: "labelled set: %d violations, recall %.1f %%; %d ordinary replies, false-block rate %.1f %%, warned %d",
            violations.count, recall * 100, ordinary.count, falseBlockRate * 100, warned))
        for line in missed { print("missed: \(line)") }
        for line in falselyBlocked { print("falsely blocked: \(line)") }
        #expect(recall >= 0.98)
        #expect(falseBlockRate <= 0.01)
        #expect(Double(warned) / Double(max(ordinary.count, 1)) <= 0.03)
    }
}
