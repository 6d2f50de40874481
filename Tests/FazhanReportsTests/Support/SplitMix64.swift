import Foundation

/// A small seeded random number generator (SplitMix64, Steele, Lea and Flood 2014), so that a
/// property or fuzz test draws the same cases on every run and a failure names the seed that
/// reproduces it. `FAZHAN_FUZZ_SEED=N` replaces the fixed seeds to explore others.
struct SplitMix64: RandomNumberGenerator {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `percent` in 100.
    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &self) < percent
    }

    /// The fixed seeds of a test, or the one given in `FAZHAN_FUZZ_SEED`.
    static func seeds(_ fixed: [UInt64]) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["FAZHAN_FUZZ_SEED"], let seed = UInt64(text) { return [seed] }
        return fixed
    }
}
