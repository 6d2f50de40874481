import FazhanCore
import Foundation
import HTTPTypes
import Testing

/// The API answers in the language the request asks for (`Accept-Language`), Chinese without
/// one: a refusal's verdict, a bad request's sentence, a table.
@Test func theAPIAnswersInTheRequestsLanguage() async throws {
    try await onEveryBackend { api, _ in
        // A bad request: the sentence names the field either way.
        let chinese = try await api.call(.post, "/v1/people/P1/events", as: "alice", body: #"{"step": "submit_application", "date": "2026-3-x"}"#,
                                         ifMatch: "\"0\"")
        #expect(chinese.status == .badRequest && chinese.json?["message"] as? String == "date 须为日期 YYYY-MM-DD；实际是“2026-3-x”", "\(chinese.text)")
        let english = try await api.call(.post, "/v1/people/P1/events", as: "alice", body: #"{"step": "submit_application", "date": "2026-3-x"}"#,
                                         ifMatch: "\"0\"", headers: [.acceptLanguage: "en-US,en;q=0.9"])
        #expect(english.json?["message"] as? String == "date must be a date YYYY-MM-DD; it is \"2026-3-x\"", "\(english.text)")

        // A refusal: the verdict as the command line prints it, in each language.
        let refused = try await api.call(.post, "/v1/people/P1/events", as: "alice", body: #"{"step": "designate_activist", "date": "2026-03-01"}"#,
                                         ifMatch: "*", headers: [.acceptLanguage: "zh-CN"])
        #expect(refused.status == .unprocessableContent, "\(refused.text)")
        #expect((refused.json?["message"] as? String)?.contains("不允许") == true, "\(refused.text)")
        let refusedEnglish = try await api.call(.post, "/v1/people/P1/events", as: "alice",
                                                body: #"{"step": "designate_activist", "date": "2026-03-01"}"#, ifMatch: "*",
                                                headers: [.acceptLanguage: "en"])
        #expect((refusedEnglish.json?["message"] as? String)?.contains("NOT allowed") == true, "\(refusedEnglish.text)")

        // A table, and an unknown person, in Chinese without the header.
        let table = try await api.call(.get, "/v1/people/P1?format=table", as: "alice")
        #expect(table.status == .ok && table.text.contains("规则："), "\(table.text)")
        let nobody = try await api.call(.get, "/v1/people/P9", as: "alice")
        #expect(nobody.status == .notFound && (nobody.json?["message"] as? String)?.hasPrefix("错误：没有编号或 id 为 P9 的人员") == true,
                "\(nobody.text)")
    }
}
