import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

private let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A store with the cpc-2014 rules and a committee over one branch.
private func makeStore() throws -> (SQLiteStore, Int64) {
    let store = try SQLiteStore.inMemory()
    let bundle = try WorkflowLoader.directory(root.appendingPathComponent("workflows").path).load("cpc-2014")
    let installed = try store.install(bundle, by: "test", at: "2026-01-01T00:00:00Z")
    try store.ingest { session in
        try session.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                    canApprove: true, createdAt: "t", createdBy: "test"))
        try session.addOrganization(NewOrganization(code: "U-S1", name: "本科生党支部", kind: .branch, parentCode: "U",
                                                    category: .student, canApprove: false, createdAt: "t", createdBy: "test"))
    }
    return (store, installed.version)
}

private func person(_ number: String, version: Int64) -> NewPerson {
    NewPerson(number: number, name: "李四", organizationCode: "U-S1", category: .student, gender: .female,
              birthDate: CivilDate("2004-02-29"), leagueMember: true, workflowVersion: version, createdAt: "t", createdBy: "test")
}

private func event(_ step: String, _ date: String, person: Int64 = 0, version: Int64, data: EventData = EventData()) -> Event {
    Event(id: 0, personID: person, step: step, date: CivilDate(date)!, recordedAt: "\(date)T02:00:00Z", recordedBy: "import",
          data: data, workflowVersion: version, imported: true)
}

/// A seeded SplitMix64, so a failing case can be replayed from the seed in the message.
private struct Seeded {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func maybe<T>(_ make: (inout Seeded) -> T) -> T? { next() % 3 == 0 ? nil : make(&self) }
    mutating func text() -> String {
        // Quotes, backslashes, every control character, slashes, CJK and an emoji.
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}",
                                          "\u{7F}", "é", "党", "支", "\u{2028}", "😀", ":", ",", "{", "}", "[", "]"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<int(0...12) { scalars.append(alphabet[int(0...(alphabet.count - 1))]) }
        return String(scalars)
    }
    mutating func date() -> CivilDate { CivilDate(year: int(1990...2030), month: int(1...12), day: int(1...28))! }
    mutating func data() -> EventData {
        EventData(
            note: maybe { $0.text() }, method: maybe { $0.text() }, node: maybe { $0.text() }, from: maybe { $0.date() },
            to: maybe { $0.date() }, objections: maybe { $0.int(-3...5) }, expected: maybe { $0.int(0...400) },
            present: maybe { $0.int(0...400) }, votesFor: maybe { $0.int(0...400) }, against: maybe { $0.int(0...40) },
            abstain: maybe { $0.int(0...40) }, writtenFor: maybe { $0.int(0...9) }, writtenAgainst: maybe { $0.int(0...9) },
            days: maybe { $0.int(0...9) }, hours: maybe { $0.int(0...99) }, result: maybe { $0.next() % 2 == 0 ? .pass : .fail },
            names: maybe { random in (0..<random.int(0...3)).map { _ in random.text() } }, approver: maybe { $0.text() },
            reason: maybe { $0.text() }, organization: maybe { $0.text() }, months: maybe { $0.int(1...12) },
            rule: maybe { $0.text() }, approvedBy: maybe { $0.text() }, until: maybe { $0.date() })
    }
}

@Suite struct IngestTests {
    @Test func canonicalJSONIsWhatJSONEncoderWritesAndReadsBack() throws {
        let encoder = EventRecord.databaseJSONEncoder(for: "data")
        for seed in UInt64(1)...400 {
            var random = Seeded(state: seed)
            let data = random.data()
            let expected = String(decoding: try encoder.encode(data), as: UTF8.self)
            #expect(data.canonicalJSON == expected, "seed \(seed)")
            #expect(EventData(canonicalJSON: expected) == data, "seed \(seed): \(expected)")
        }
        #expect(EventData().canonicalJSON == "{}")
    }

    @Test func theFastReaderSaysNoToWhatItDoesNotKnowInsteadOfGuessing() {
        #expect(EventData(canonicalJSON: #"{"expected":9,"present":8}"#) == EventData(expected: 9, present: 8))
        #expect(EventData(canonicalJSON: #"{ "note" : "a\"b\u00e9" }"#) == EventData(note: "a\"bé"))
        for text in [#"{"expected":9.5}"#, #"{"unknown":1}"#, #"{"note":1}"#, #"{"expected":9"#, #"{"expected":9}x"#,
                     #"{"from":"2026-02-30"}"#, #"{"note":"\ud83d\ude00"}"#, #"{"result":"maybe"}"#, "", "[]"] {
            #expect(EventData(canonicalJSON: text) == nil, "\(text)")
        }
    }

    @Test func aSessionSealsEveryEventAndProjectsEveryPerson() throws {
        let (store, version) = try makeStore()
        var tricky = EventData(note: "第一行\n第二行 \"引号\" \\ /", names: ["王五", "赵六"])
        tricky.reason = "\u{01}控制字符"
        try store.ingest { session in
            let id = try session.addPerson(person("2023001", version: version))
            try session.addEvents([
                event("submit_application", "2024-03-01", person: id, version: version, data: tricky),
                event("first_talk", "2024-03-15", person: id, version: version),
            ], of: id)
            #expect(session.peopleAdded == 1 && session.eventsAdded == 2)
        }
        let report = try store.verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.events == 2 && report.seals == 2)
        let listed = try #require(try store.people().first)
        #expect(listed.stage == "applicant")
        let history = try store.history(personID: listed.profile.id)
        #expect(history.events.first?.data == tricky)
        #expect(history.events.allSatisfy { $0.imported })

        // Empty text is stored as empty text, not as NULL (recorded_by may not be NULL).
        try store.ingest { session in
            var empty = event("thought_report", "2024-04-01", person: listed.profile.id, version: version, data: EventData(note: ""))
            empty.recordedBy = ""
            try session.addEvents([empty], of: listed.profile.id)
        }
        #expect(try store.history(personID: listed.profile.id).events.last?.data.note == "")
        #expect(try store.verify().isIntact)

        // Events appended later to the same person continue the chain and the projection.
        try store.ingest { session in
            try session.addEvents([event("designate_activist", "2024-09-10", person: listed.profile.id, version: version)],
                                  of: listed.profile.id)
        }
        #expect(try store.verify().isIntact)
        #expect(try store.people().first?.stage == "activist")
        #expect(try store.rebuildProjections() == [])
    }

    @Test func aSessionThatFailsWritesNothing() throws {
        let (store, version) = try makeStore()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.ingest { session in
                let id = try session.addPerson(person("2023001", version: version))
                try session.addEvents([event("submit_application", "2024-03-01", person: id, version: version)], of: id)
                throw Stop()
            }
        }
        #expect(try store.people().isEmpty)
        #expect(try store.verify().events == 0)
        // A duplicate number is refused with the number named, and nothing of the batch stays.
        do {
            try store.ingest { session in
                try session.addPerson(person("2023001", version: version))
                try session.addPerson(person("2023001", version: version))
            }
            Issue.record("a duplicate number was accepted")
        } catch let error as StoreError {
            #expect(error.description.contains("2023001"))
        }
        #expect(try store.people().isEmpty)
        #expect(throws: StoreError.self) {
            try store.ingest { session in
                try session.addOrganization(NewOrganization(code: "X", name: "x", kind: .branch, parentCode: "U-S1", category: nil,
                                                            canApprove: false, createdAt: "t", createdBy: "test"))
            }
        }
    }
}
