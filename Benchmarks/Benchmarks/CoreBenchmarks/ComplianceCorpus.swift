import Foundation
import KefuCore

/// The compliance benchmark's lexicon and messages: the files `Benchmarks/compliance/make_corpus.py` writes into
/// `KEFU_BENCH_CORPUS` (the same bytes the Python matchers read), or a small built-in set when it is not set.
enum ComplianceCorpus {
    static let directory = ProcessInfo.processInfo.environment["KEFU_BENCH_CORPUS"].map(URL.init(fileURLWithPath:))

    static let terms: [String] = lines("terms.txt") ?? (0..<5_000).map { "违规词\($0)" }
    static let messages: [String] = lines("messages.txt") ?? corpus

    static let bytesPerMessage = Double(messages.reduce(0) { $0 + $1.utf8.count }) / Double(max(messages.count, 1))

    /// The whole guard as a reply passes it: these terms in one rule, every detector on, Pinduoduo's own domains.
    static let guarded = ComplianceGuard(
        rules: [
            TermRule(
                id: "bench", category: .forbiddenWording, severity: .block, message: LocalizedText(zh: "基准", en: "bench"),
                terms: terms)
        ],
        detectors: DetectorSettings(phone: .block, email: .block, externalLink: .block, buyerData: .block),
        ownDomains: ["pinduoduo.com", "yangkeduo.com"])

    static let raw = TermAutomaton(patterns: terms.map { $0.unicodeScalars.map(\.value) })

    /// houbb/sensitive-word's 64,000-term dictionary (Apache-2.0) when ../shared is beside the checkout.
    static let largeLexicon: [String]? = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../../shared/data/lexicons/houbb-sensitive-word/v0.26-main-dict/sensitive_word_dict.txt")
            .standardizedFileURL
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isNewline).map(String.init)
    }()

    private static func lines(_ name: String) -> [String]? {
        guard let directory, let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else {
            return nil
        }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
