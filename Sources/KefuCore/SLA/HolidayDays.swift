/// A policy's holidays as a bitmap of day numbers: the clock asks once per day it walks, so membership is a shift
/// and a mask rather than a hash.
struct HolidayDays: Sendable {
    private let first: Int
    private let bits: [UInt64]

    init(_ days: [Int]) {
        first = days.min() ?? 0
        var bits = [UInt64](repeating: 0, count: days.isEmpty ? 0 : ((days.max() ?? 0) - first) / 64 + 1)
        for day in days { bits[(day - first) / 64] |= 1 << UInt64((day - first) % 64) }
        self.bits = bits
    }

    @inline(__always)
    func contains(_ day: Int) -> Bool {
        let offset = day - first
        guard offset >= 0, offset < bits.count * 64 else { return false }
        return bits[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }
}
