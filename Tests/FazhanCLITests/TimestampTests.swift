import FazhanViews
import Foundation
import Testing

@testable import FazhanCLI

/// The recording time is written as `ISO8601DateFormatter` wrote it: UTC, milliseconds, `Z`.
@Suite struct TimestampTests {
    @Test(arguments: [0, 0.5, 59.125, 86_399.999_5, 951_782_400.25, 1_795_000_000.5, 1_795_049_999.875, 4_102_444_800.0, 1_700_000_000.0625])
    func theTimestampIsTheOneISO8601DateFormatterWrites(seconds: Double) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Clock.timestamp(date) == formatter.string(from: date))
    }

    @Test func randomTimesAreWrittenAsTheFormatterWritesThem() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SplitMix64(seed: 0x7153)
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &random))
            #expect(Clock.timestamp(date) == formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func nowIsWrittenInTheSameShape() {
        let text = Clock.timestamp()
        #expect(text.count == 24 && text.hasSuffix("Z") && text.dropFirst(10).first == "T", "\(text)")
    }
}
