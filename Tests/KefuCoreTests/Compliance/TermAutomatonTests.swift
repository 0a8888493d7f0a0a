import KefuCore
import Testing

@Suite("Term automaton")
struct TermAutomatonTests {
    func codePoints(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test("Reports every occurrence, overlapping and nested, with its last index")
    func overlapping() {
        let automaton = TermAutomaton(patterns: ["he", "she", "his", "hers", "最好", "最好的"].map(codePoints))
        let found = automaton.matches(in: codePoints("ushers 最好的")).map { [$0.pattern, $0.end] }
        #expect(found.sorted { $0.lexicographicallyPrecedes($1) } == [[0, 3], [1, 3], [3, 5], [4, 8], [5, 9]])
    }

    @Test("Agrees with a naive search on random texts over a small alphabet", arguments: 0..<20)
    func naive(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed))
        let alphabet: [UInt32] = [0x61, 0x62, 0x63, 0x4E00, 0x1F600]
        let patterns = (0..<30).map { _ in (0..<Int.random(in: 1...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! } }
        let text = (0..<200).map { _ in alphabet.randomElement(using: &random)! }
        expectNaiveMatches(patterns, in: text)
    }

    /// States with more transitions than the linear-search limit, and symbols that share a bit of the transition mask.
    @Test("Agrees with a naive search over an alphabet wider than the transition mask", arguments: 0..<4)
    func wideAlphabet(seed: Int) {
        var random = SeededGenerator(seed: UInt64(1_000 + seed))
        let alphabet = (0..<200).map { UInt32(0x4E00 + $0 * 7) } + (0x61...0x7A).map(UInt32.init)
        // Half the patterns start with one of three characters, whose states then have dozens of transitions.
        let patterns = (0..<300).map { _ in
            let first = Bool.random(using: &random) ? alphabet[Int.random(in: 0..<3, using: &random)] : alphabet.randomElement(using: &random)!
            return [first] + (0..<Int.random(in: 0...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
        }
        var text: [UInt32] = []
        while text.count < 1_000 {
            // Pieces of patterns, so the text meets deep states, and noise, so it also falls back through failure links.
            if Bool.random(using: &random) {
                let pattern = patterns.randomElement(using: &random)!
                text += pattern.prefix(Int.random(in: 1...pattern.count, using: &random))
            } else {
                text.append(alphabet.randomElement(using: &random)!)
            }
        }
        expectNaiveMatches(patterns, in: text)
    }

    private func expectNaiveMatches(_ patterns: [[UInt32]], in text: [UInt32]) {
        let automaton = TermAutomaton(patterns: patterns)
        var expected: [[Int]] = []
        for end in text.indices {
            for (index, pattern) in patterns.enumerated() where end + 1 >= pattern.count {
                // Duplicate patterns report the first index only.
                if patterns.firstIndex(of: pattern) == index, Array(text[(end + 1 - pattern.count)...end]) == pattern {
                    expected.append([index, end])
                }
            }
        }
        let found = automaton.matches(in: text).map { [$0.pattern, $0.end] }
        #expect(!expected.isEmpty)
        #expect(found.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
    }
}
