import FazhanCore
import FazhanServer
import FazhanStore
import Foundation
import HTTPTypes
import Testing

/// `POST /v1/batches` on SQLite and on PostgreSQL: within the caller's organizations, the
/// step's role required for everyone, all recorded or none.
@Test(.english) func aBatchThroughTheAPIIsScopedAndAllOrNone() async throws {
    try await onEveryBackend { api, store in
        func events() async throws -> Int { try await store.verify().events }
        let body = #"{"people": ["P1", "P2"], "step": "submit_application", "date": "2024-03-04"}"#
        // bob (branch at B2) does not see P1: it reads as a person who does not exist, and nothing is written.
        let outside = try await api.call(.post, "/v1/batches", as: "bob", body: body)
        #expect(outside.status == .notFound && outside.error == "not_found", "\(outside.text)")
        #expect(outside.json?["message"] as? String == "refused: 递交入党申请书 on 2024-03-04: 1 of the 2 people named cannot have it "
                + "recorded; nothing was recorded for anyone\n\nerror: no person with number or id P1")
        #expect(try await events() == 0)
        // gina (general-branch at CS) sees both, and records both in one go; P3 is another 党委's.
        let both = try await api.call(.post, "/v1/batches", as: "gina", body: body)
        #expect(both.status == .created, "\(both.text)")
        #expect((both.json?["events"] as? [[String: Any]])?.map { $0["person"] as? String } == ["P1", "P2"], "\(both.text)")
        #expect((both.json?["message"] as? String)?.hasSuffix("for 2 people, in one transaction") == true, "\(both.text)")
        #expect(try await events() == 2)
        // A step the workflow gives the committee: gina's role does not cover it, for anyone.
        let filing = try await api.call(.post, "/v1/batches", as: "gina",
                                        body: #"{"people": ["P1", "P2"], "step": "waiver", "date": "2024-03-05", "data": {"rule": "R4"}}"#)
        #expect(filing.status == .badRequest && filing.error == "usage", "a waiver is per person: \(filing.text)")
        let talk = try await api.call(.post, "/v1/batches", as: "gina",
                                      body: #"{"people": ["P1", "P2", "P3"], "step": "initial_talk", "date": "2024-03-18"}"#)
        #expect(talk.status == .notFound, "P3 is outside gina's organizations: \(talk.text)")
        #expect(try await events() == 2)
        // Bad input is a 400 with a sentence.
        for bad in [#"{"people": [], "step": "initial_talk", "date": "2024-03-18"}"#,
                    #"{"people": ["P1", "P1"], "step": "initial_talk", "date": "2024-03-18"}"#,
                    #"{"people": "P1", "step": "initial_talk", "date": "2024-03-18"}"#] {
            let answer = try await api.call(.post, "/v1/batches", as: "gina", body: bad)
            #expect(answer.status == .badRequest, "\(bad): \(answer.text)")
        }
        let many = "[" + (1...1001).map { "\"N\($0)\"" }.joined(separator: ",") + "]"
        let tooMany = try await api.call(.post, "/v1/batches", as: "carol", body: #"{"people": \#(many), "step": "initial_talk", "date": "2024-03-18"}"#)
        #expect(tooMany.status == .badRequest && tooMany.text.contains("1 to 1000"), "\(tooMany.text.prefix(300))")
        let talks = try await api.call(.post, "/v1/batches", as: "carol",
                                       body: #"{"people": ["P1", "P2"], "step": "initial_talk", "date": "2024-03-18"}"#)
        #expect(talks.status == .created, "\(talks.text)")
        #expect(try await events() == 4)
    }
}
