extension ComplianceGuard {
    /// The characters skipped between two compared ones, as much as telling a clause break from an obfuscation needs.
    struct SkippedRun {
        var count = 0
        var space = false
        var punctuation = false
        var clauseEnd = false

        @inline(__always)
        mutating func add(_ value: UInt32) {
            count += 1
            switch value {
            case 0x0A, 0x0D, 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1B, 0x3001, 0x21, 0x3F, 0x3B: clauseEnd = true
            case 0x20, 0x09, 0xA0, 0x3000: space = true
            case 0x2C, 0x2E, 0x7E, 0xFF5E, 0x28, 0x29, 0xFF08, 0xFF09, 0x3A, 0xFF1A, 0x2026: punctuation = true
            default: break
            }
        }

        /// `V❤信`, `微 信`, `w.x` stay one word; `快~ (手` and `…。手` do not.
        var isBreak: Bool { clauseEnd || (space && punctuation) || count >= 3 }
    }
}
