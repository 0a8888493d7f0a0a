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
        var random = SystemRandomNumberGenerator()
        let alphabet: [UInt32] = [0x61, 0x62, 0x63, 0x4E00, 0x1F600]
        let patterns = (0..<30).map { _ in (0..<Int.random(in: 1...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! } }
        let text = (0..<200).map { _ in alphabet.randomElement(using: &random)! }
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
        #expect(found.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
    }
}
