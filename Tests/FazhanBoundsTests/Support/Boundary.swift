import FazhanCore
import Foundation
import PropertyBased

/// The repository root, found from this file's path (`Tests/FazhanBoundsTests/Support/Boundary.swift`).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let workflowsFolder = repositoryRoot.appendingPathComponent("workflows")

/// Inputs at and around the edges a fuzzer finds: the largest and smallest integers, powers of
/// two, the ends of each `Bounds` range, impossible and extreme dates, odd texts.
enum Boundary {
    static let integers: [Int] = [
        0, 1, -1, 2, 3, 6, 12, 13, 24, 25, 28, 150, 151, 366, 367, 1_000, 3_660, 3_661, 10_000, 10_001, 36_525, 36_526,
        100_000, 100_001, Int(Int32.max), Int(Int32.max) + 1, 1 << 32, 1 << 53, Int.max, Int.max - 1, Int.min, Int.min + 1,
        -(1 << 31), -10_000,
    ]

    /// An integer: a boundary value, a small one, or any.
    static let int = Gen<Int>.oneOf(
        Gen<Int?>.element(of: integers).map { $0! },
        Gen.int(in: -1_000...20_000),
        Gen.int())

    /// How a number may be written in a file or an argument: as a number, or as text that is not one.
    static let numberText = Gen<String>.oneOf(
        int.map { String($0) },
        Gen<String?>.element(of: [
            "99999999999999999999", "-99999999999999999999", "9223372036854775808", "1e9", "0x10", "+5", "05", "٣", "３",
            "", " ", "NaN", "1.5", "1,000", "\u{FEFF}7",
        ]).map { $0! })

    static let dayNumbers = CivilDate.earliest.dayNumber...CivilDate.latest.dayNumber

    /// A date: the first and last that can be written, leap days, or any day.
    static let date = Gen<CivilDate>.oneOf(
        Gen<CivilDate?>.element(of: [
            CivilDate.earliest, CivilDate.latest, CivilDate("2024-02-29")!, CivilDate("2026-02-28")!, CivilDate("1900-01-01")!,
            CivilDate("2026-11-20")!, CivilDate("9999-12-01")!, CivilDate("0001-12-31")!,
        ]).map { $0! },
        Gen.int(in: dayNumbers).map { CivilDate(dayNumber: $0) })

    /// A date as text: well-formed or not.
    static let dateText = Gen<String>.oneOf(
        date.map(\.description),
        Gen<String?>.element(of: [
            "0000-01-01", "9999-12-31", "2026-02-29", "2026-13-01", "2026-00-10", "10000-01-01", "-2026-01-01", "2026-1-1", "",
            "2026-02-30", "\u{FEFF}2026-01-01",
        ]).map { $0! })
}

/// The shipped workflows and calendars, loaded once.
enum Shipped {
    static let loader = WorkflowLoader.directory(workflowsFolder.path)
    static let cpc2014 = try! loader.load("cpc-2014")
    static let university = try! loader.load("university")
    static let cpc2014Text = try! String(contentsOf: workflowsFolder.appendingPathComponent("cpc-2014.yaml"), encoding: .utf8)
}

/// How long `body` took, in seconds.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
