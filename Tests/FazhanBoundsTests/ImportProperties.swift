import FazhanCore
import Foundation
import PropertyBased
import Testing

/// Properties of imported CSV rows with boundary cells and byte-order marks: a row either reads
/// right or is refused at its own line and column; a mark starting a row is never part of a cell.
@Suite(.english) struct ImportProperties {
    static let organizations = [
        Organization(id: 1, code: "UNI", name: "党委", kind: .committee, parentID: nil, category: nil, canApprove: true),
        Organization(id: 2, code: "S1", name: "支部", kind: .branch, parentID: 1, category: .student, canApprove: false),
    ]
    static let today = CivilDate("2026-11-20")!

    static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map { cell in cell.contains(",") || cell.contains("\"") ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell }
            .joined(separator: ",") }.joined(separator: "\r\n")
    }

    @Test func rosterRowsReadOrAreRefusedAtTheirLine() async throws {
        let row = zip(Boundary.numberText, Boundary.dateText, Gen.bool, Gen.bool)
        await propertyCheck(count: 200, input: row.array(of: 1...6)) { rows in
            var cells = [["学号", "姓名", "所在组织", "出生日期", "年级"]]
            for (index, (grade, birth, bom, _)) in rows.enumerated() {
                cells.append([(bom ? "\u{FEFF}" : "") + "20210\(index)", "张\(index)", "S1", birth, grade])
            }
            let text = Self.csv(cells)
            guard let parsed = try? CSVReader.rows(text), let sheet = try? ImportSheet(rows: parsed, columns: RosterImport.columns) else {
                Issue.record("the sheet does not read: \(text)")
                return
            }
            let reading = RosterImport.read(sheet, organizations: Self.organizations, today: Self.today)
            for entry in reading.entries {
                #expect(!entry.number.unicodeScalars.contains("\u{FEFF}"), "a byte-order mark kept in \(entry.number)")
                #expect(entry.number.hasPrefix("20210"))
                if let grade = entry.grade { #expect(Bounds.grade.contains(grade)) }
                if let birth = entry.birthDate { #expect(birth <= Self.today) }
            }
            // Every row is an entry or has problems at its own line, and nothing else.
            let lines = Set(parsed.dropFirst().map(\.line))
            #expect(Set(reading.entries.map(\.line)).union(reading.problems.map(\.line)) == lines)
            #expect(Set(reading.entries.map(\.line)).isDisjoint(with: reading.problems.map(\.line)))
            for problem in reading.problems where problem.column == "年级" {
                #expect(problem.message.contains("grade") || problem.message.contains("year"), "\(problem)")
            }
        }
    }

    @Test func eventCountsOutOfRangeAreRefusedInTheirColumn() async {
        let workflow = Shipped.cpc2014.workflow
        let person = PersonProfile(id: 1, number: "2021001", name: "张三", category: .student, organizationID: 2,
                                   birthDate: CivilDate("2003-01-01"), workflowVersion: 1)
        let applied = Event(id: 1, personID: 1, step: "submit_application", date: CivilDate("2023-03-01")!, recordedAt: "t",
                            recordedBy: "t", workflowVersion: 1)
        let columns = ["应到", "实到", "赞成", "反对", "弃权", "天数", "学时", "月数"]
        let keys = ["expected", "present", "votesFor", "against", "abstain", "days", "hours", "months"]
        await propertyCheck(count: 200, input: Boundary.numberText.array(of: columns.count), Gen.bool) { values, bom in
            let text = Self.csv([["学号", "步骤", "日期"] + columns, [(bom ? "\u{FEFF}" : "") + "2021001", "admission_meeting", "2024-01-05"] + values])
            guard let parsed = try? CSVReader.rows(text), let sheet = try? ImportSheet(rows: parsed, columns: EventImport.columns) else {
                Issue.record("the sheet does not read: \(text)")
                return
            }
            let plan = EventImport.plan(sheet, people: ["2021001": person], workflows: [1: workflow], existing: [1: [applied]],
                                        organizations: Self.organizations, today: Self.today)
            #expect(!plan.problems.contains { $0.message.contains("no person") }, "the byte-order mark hid the person: \(plan.problems)")
            for (index, value) in values.enumerated() {
                guard let number = Int(value), number >= 0 else { continue }
                let bound = EventData.numberFields.first { $0.key == keys[index] }!.bound
                if !bound.contains(number) {
                    #expect(plan.problems.contains { $0.line == 2 && $0.column == columns[index] && $0.message.contains(String(number)) },
                            "\(columns[index]) \(number): \(plan.problems)")
                }
            }
            if plan.problems.isEmpty {
                for batch in plan.batches {
                    for entry in batch.entries { #expect(entry.data.boundProblems.isEmpty) }
                }
            }
        }
    }

    @Test func aStreamDropsAByteOrderMarkStartingAnyRowAsTheTextReaderDoes() async {
        await propertyCheck(count: 200, input: Gen.bool.array(of: 1...8), Gen.int(in: 1...64)) { marks, pieceSize in
            let text = marks.enumerated().map { index, mark in (mark ? "\u{FEFF}" : "") + "\(index),\"x\u{FEFF}\"" }.joined(separator: "\n")
            let whole = (try? CSVReader.rows(text)) ?? []
            var stream = CSVReader.Stream()
            var streamed: [CSVReader.Row] = []
            let bytes = Array(text.utf8)
            do {
                for start in stride(from: 0, to: bytes.count, by: pieceSize) {
                    try bytes[start..<min(start + pieceSize, bytes.count)].withUnsafeBytes { try stream.read($0) { streamed.append($0) } }
                }
                try stream.finish { streamed.append($0) }
            } catch {
                Issue.record("\(error)")
            }
            #expect(streamed == whole)
            #expect(whole.map { $0.fields[0] } == marks.indices.map(String.init))
            // A mark inside a cell is the cell's: only one starting a row is dropped.
            #expect(whole.allSatisfy { $0.fields[1] == "x\u{FEFF}" })
        }
    }
}
