/// Finds every occurrence of tens of thousands of lexicon terms in one pass over a message (Aho–Corasick).
///
/// Terms are sequences of folded code points (`TextFolding`). Each distinct code point of the lexicon gets a small
/// symbol number through a flat table, the root's transitions are a dense array (most characters of a message lead
/// nowhere), and deeper states keep their few transitions in sorted runs of one shared array. The trie is built from
/// the sorted terms in one pass, so 64,000 terms load in tens of milliseconds and a few megabytes.
public struct TermAutomaton: Sendable {
    /// Code point → symbol for U+0000–U+FFFF (0: no term contains it); astral code points go through `astral`.
    let symbols: [UInt16]
    let astral: [UInt32: UInt16]
    /// Set on a transition's target when a pattern ends in that state, so the scan loads `output` only on a match:
    /// the output array is a cache miss per character otherwise.
    static let matchFlag: Int32 = 1 << 30
    static let stateMask: Int32 = matchFlag - 1

    /// Root transitions by symbol (targets carry `matchFlag`).
    let rootNext: [Int32]
    /// Two words per state. The first: its failure link (high 32 bits) and where its transitions start in `edges`
    /// (low 32 bits); they end where the next state's start. The second: bit `symbol % 64` set for each symbol it has a
    /// transition on. Both arrive with one cache line, which matters: the scan is bound by cache misses, and most
    /// characters have no transition from the state they meet, so the mask spares the load of its transitions.
    let nodes: [UInt64]
    /// Transitions, sorted by symbol within a state: symbol (high 32 bits) and target state (low 32 bits).
    let edges: [UInt64]
    /// The longest pattern that ends in each state, directly or through its failure chain; -1 for none.
    let output: [Int32]
    /// The next shorter pattern ending at the same place (a suffix of this one); -1 for none.
    let nextOutput: [Int32]
    /// Pattern lengths in symbols.
    public let lengths: [Int32]

    public var patternCount: Int { lengths.count }
    public var stateCount: Int { nodes.count / 2 - 1 }

    /// Builds the automaton for `patterns`, each a non-empty sequence of folded code points; pattern `i` is reported
    /// as `i`. Empty patterns are never reported.
    public init(patterns: [[UInt32]]) {
        // Symbols in code-point order, so sorting patterns by code points sorts them by symbols too.
        var symbolOf = [UInt16](repeating: 0, count: 0x10000)
        var astral: [UInt32: UInt16] = [:]
        var seen = [Bool](repeating: false, count: 0x10000)
        var astralSeen: Set<UInt32> = []
        for pattern in patterns {
            for codePoint in pattern {
                if codePoint < 0x10000 { seen[Int(codePoint)] = true } else { astralSeen.insert(codePoint) }
            }
        }
        var alphabet = 0
        for codePoint in 0..<0x10000 where seen[codePoint] && alphabet < Int(UInt16.max) {
            alphabet += 1
            symbolOf[codePoint] = UInt16(alphabet)
        }
        for codePoint in astralSeen.sorted() where alphabet < Int(UInt16.max) {
            alphabet += 1
            astral[codePoint] = UInt16(alphabet)
        }
        symbols = symbolOf
        self.astral = astral
        lengths = patterns.map { Int32($0.count) }

        // Already sorted input (the guard sorts its patterns) costs one linear pass here.
        let order = patterns.indices.filter { !patterns[$0].isEmpty }.sorted {
            patterns[$0].lexicographicallyPrecedes(patterns[$1])
        }
        let trie = SortedTrie(patterns, order: order) { codePoint -> UInt16 in
            codePoint < 0x10000 ? symbolOf[Int(codePoint)] : astral[codePoint] ?? 0
        }
        let compiled = trie.compile(alphabetSize: alphabet + 1)
        (rootNext, output, nextOutput) = (compiled.rootNext, compiled.output, compiled.nextOutput)
        let states = compiled.fail.count
        nodes = [UInt64](unsafeUninitializedCapacity: 2 * states + 2) { nodes, initialized in
            var edge = 0
            for state in 0..<states {
                let end = Int(compiled.edgeStart[state + 1])
                var mask: UInt64 = 0
                while edge < end {
                    mask |= 1 << UInt64(compiled.edgeSymbol[edge] & 63)
                    edge += 1
                }
                nodes[2 * state] = UInt64(UInt32(bitPattern: compiled.fail[state])) << 32
                    | UInt64(UInt32(bitPattern: compiled.edgeStart[state]))
                nodes[2 * state + 1] = mask
            }
            nodes[2 * states] = UInt64(UInt32(bitPattern: compiled.edgeStart[states]))
            nodes[2 * states + 1] = 0
            initialized = 2 * states + 2
        }
        edges = compiled.edgeSymbol.indices.map { index in
            UInt64(compiled.edgeSymbol[index]) << 32 | UInt64(UInt32(bitPattern: compiled.edgeTarget[index]))
        }
    }

    /// The symbol a folded code point scans as (0: it leads back to the root).
    @inline(__always)
    func symbol(_ codePoint: UInt32) -> Int {
        codePoint < 0x10000 ? Int(symbols[Int(codePoint)]) : Int(astral[codePoint] ?? 0)
    }

    /// The state after reading `symbol` in `state`, with `matchFlag` set when a pattern ends there.
    @inline(__always)
    func next(_ state: Int32, _ symbol: Int) -> Int32 {
        withTables { $0.next(state, symbol) }
    }

    /// The transition tables as buffers, for scan loops: one load per step and no bounds check on it.
    struct Tables {
        let rootNext: UnsafeBufferPointer<Int32>
        let nodes: UnsafeBufferPointer<UInt64>
        let edges: UnsafeBufferPointer<UInt64>

        @inline(__always)
        func next(_ state: Int32, _ symbol: Int) -> Int32 {
            if symbol == 0 { return 0 }
            var current = Int(state & TermAutomaton.stateMask)
            let target = UInt64(symbol)
            let bit: UInt64 = 1 << UInt64(symbol & 63)
            while current != 0 {
                let node = nodes[2 &* current]
                guard nodes[2 &* current &+ 1] & bit != 0 else {
                    current = Int(node >> 32)
                    continue
                }
                let lower = Int(UInt32(truncatingIfNeeded: node))
                let upper = Int(UInt32(truncatingIfNeeded: nodes[2 &* current &+ 2]))
                if upper - lower <= 8 {
                    var index = lower
                    while index < upper {
                        let edge = edges[index]
                        let found = edge >> 32
                        if found == target { return Int32(bitPattern: UInt32(truncatingIfNeeded: edge)) }
                        if found > target { break }
                        index += 1
                    }
                } else {
                    var low = lower
                    var high = upper
                    while low < high {
                        let middle = (low + high) >> 1
                        if edges[middle] >> 32 < target { low = middle + 1 } else { high = middle }
                    }
                    if low < upper, edges[low] >> 32 == target { return Int32(bitPattern: UInt32(truncatingIfNeeded: edges[low])) }
                }
                current = Int(node >> 32)
            }
            return rootNext[symbol]
        }
    }

    @inline(__always)
    func withTables<Result>(_ body: (Tables) throws -> Result) rethrows -> Result {
        try rootNext.withUnsafeBufferPointer { rootNext in
            try nodes.withUnsafeBufferPointer { nodes in
                try edges.withUnsafeBufferPointer { edges in try body(Tables(rootNext: rootNext, nodes: nodes, edges: edges)) }
            }
        }
    }

    /// How many pattern occurrences `text` holds, read as it is (no folding): the raw matcher, for benchmarks against
    /// other Aho–Corasick implementations on the same bytes.
    public func countMatches(in text: String) -> Int {
        withTables { tables in
            var found = 0
            var state: Int32 = 0
            for scalar in text.unicodeScalars {
                state = tables.next(state, symbol(scalar.value))
                guard state & Self.matchFlag != 0 else { continue }
                var pattern = output[Int(state & Self.stateMask)]
                while pattern >= 0 {
                    found += 1
                    pattern = nextOutput[Int(pattern)]
                }
            }
            return found
        }
    }

    /// Every pattern occurrence in a sequence of folded code points, as (pattern, index of its last code point).
    public func matches(in folded: [UInt32]) -> [(pattern: Int, end: Int)] {
        var found: [(pattern: Int, end: Int)] = []
        var state: Int32 = 0
        for (index, codePoint) in folded.enumerated() {
            state = next(state, symbol(codePoint))
            guard state & Self.matchFlag != 0 else { continue }
            var pattern = output[Int(state & Self.stateMask)]
            while pattern >= 0 {
                found.append((Int(pattern), index))
                pattern = nextOutput[Int(pattern)]
            }
        }
        return found
    }
}

/// A trie grown from sorted patterns: each new child is the last child of its parent, so insertion needs no search.
private struct SortedTrie {
    var firstChild: [Int32] = [-1]
    var lastChild: [Int32] = [-1]
    var nextSibling: [Int32] = [-1]
    var symbol: [UInt16] = [0]
    var pattern: [Int32] = [-1]

    init(_ patterns: [[UInt32]], order: [Int], symbolOf: (UInt32) -> UInt16) {
        for index in order {
            var node: Int32 = 0
            for codePoint in patterns[index] {
                let character = symbolOf(codePoint)
                let last = lastChild[Int(node)]
                if last >= 0, symbol[Int(last)] == character {
                    node = last
                    continue
                }
                let child = Int32(symbol.count)
                firstChild.append(-1)
                lastChild.append(-1)
                nextSibling.append(-1)
                symbol.append(character)
                pattern.append(-1)
                if last >= 0 { nextSibling[Int(last)] = child } else { firstChild[Int(node)] = child }
                lastChild[Int(node)] = child
                node = child
            }
            // Duplicate patterns keep the first index; callers deduplicate, so this only guards against misuse.
            if pattern[Int(node)] < 0 { pattern[Int(node)] = Int32(index) }
        }
    }

    /// Numbers states breadth first, lays out their transitions and computes failure and output links.
    func compile(alphabetSize: Int) -> (
        rootNext: [Int32], edgeStart: [Int32], edgeSymbol: [UInt16], edgeTarget: [Int32], fail: [Int32], output: [Int32],
        nextOutput: [Int32]
    ) {
        let count = symbol.count
        var newID = [Int32](repeating: 0, count: count)
        var queue: [Int32] = [0]
        queue.reserveCapacity(count)
        var head = 0
        while head < queue.count {
            var child = firstChild[Int(queue[head])]
            head += 1
            while child >= 0 {
                newID[Int(child)] = Int32(queue.count)
                queue.append(child)
                child = nextSibling[Int(child)]
            }
        }
        var edgeStart = [Int32](repeating: 0, count: count + 1)
        var edgeSymbol: [UInt16] = []
        var edgeTarget: [Int32] = []
        edgeSymbol.reserveCapacity(count)
        edgeTarget.reserveCapacity(count)
        var rootNext = [Int32](repeating: 0, count: alphabetSize)
        var parentOf = [Int32](repeating: 0, count: count)
        var symbolOf = [UInt16](repeating: 0, count: count)
        for (state, old) in queue.enumerated() {
            edgeStart[state] = Int32(edgeSymbol.count)
            var child = firstChild[Int(old)]
            while child >= 0 {
                let target = newID[Int(child)]
                edgeSymbol.append(symbol[Int(child)])
                edgeTarget.append(target)
                parentOf[Int(target)] = Int32(state)
                symbolOf[Int(target)] = symbol[Int(child)]
                if state == 0 { rootNext[Int(symbol[Int(child)])] = target }
                child = nextSibling[Int(child)]
            }
        }
        edgeStart[count] = Int32(edgeSymbol.count)

        var fail = [Int32](repeating: 0, count: count)
        var output = [Int32](repeating: -1, count: count)
        var nextOutput = [Int32](repeating: -1, count: Int(pattern.max() ?? -1) + 1)
        func transition(_ state: Int32, _ character: UInt16) -> Int32? {
            var low = Int(edgeStart[Int(state)])
            var high = Int(edgeStart[Int(state) + 1])
            let upper = high
            while low < high {
                let middle = (low + high) >> 1
                if edgeSymbol[middle] < character { low = middle + 1 } else { high = middle }
            }
            return low < upper && edgeSymbol[low] == character ? edgeTarget[low] : nil
        }
        for state in 1..<max(1, count) {
            let parent = parentOf[state]
            let character = symbolOf[state]
            if parent != 0 {
                var candidate = fail[Int(parent)]
                while true {
                    if let found = transition(candidate, character) {
                        fail[state] = found
                        break
                    }
                    if candidate == 0 { break }
                    candidate = fail[Int(candidate)]
                }
            }
            let own = pattern[Int(queue[state])]
            let inherited = output[Int(fail[state])]
            if own >= 0 {
                output[state] = own
                nextOutput[Int(own)] = inherited
            } else {
                output[state] = inherited
            }
        }
        for index in edgeTarget.indices where output[Int(edgeTarget[index])] >= 0 { edgeTarget[index] |= TermAutomaton.matchFlag }
        for index in rootNext.indices where rootNext[index] != 0 && output[Int(rootNext[index])] >= 0 {
            rootNext[index] |= TermAutomaton.matchFlag
        }
        return (rootNext, edgeStart, edgeSymbol, edgeTarget, fail, output, nextOutput)
    }
}
