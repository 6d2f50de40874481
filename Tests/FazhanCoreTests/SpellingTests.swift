@testable import FazhanCore
import Testing

/// "Did you mean": a slip of one or two keys finds the word; anything further, or a tie, finds nothing.
@Suite struct SpellingTests {
    let steps = ["submit_application", "initial_talk", "designate_activist", "file_activist", "designate_candidate", "file_candidate",
                 "递交入党申请书", "党组织派人谈话"]

    @Test(arguments: [
        ("intial_talk", "initial_talk"), ("initial_tlak", "initial_talk"), ("INITIAL_TALK_", "initial_talk"),
        ("submit_aplication", "submit_application"), ("designate_activst", "designate_activist"), ("党组织派人谈", "党组织派人谈话"),
    ])
    func aSlipFindsTheWord(typed: String, meant: String) {
        #expect(Spelling.closest(to: typed, among: steps) == meant)
    }

    @Test(arguments: ["talk", "designate", "become_secretary", "", "file_activst_candidate", "x"])
    func farOffOrAmbiguousFindsNothing(typed: String) {
        #expect(Spelling.closest(to: typed, among: steps) == nil)
    }

    @Test func aTieBetweenTwoWordsFindsNeither() {
        // One edit from both file_activist and file_candidate? No: build a true tie.
        #expect(Spelling.closest(to: "abd", among: ["abc", "abe"]) == nil)
        #expect(Spelling.closest(to: "abc", among: ["abc", "abd"]) == nil, "an exact word is not a slip")
    }

    @Test func distanceCountsSwapsAsOneEdit() {
        #expect(Spelling.editDistance(Array("talk"), Array("tlak")) == 1)
        #expect(Spelling.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(Spelling.editDistance(Array(""), Array("abc")) == 3)
    }
}
