import Foundation
import Testing
@testable import FazhanCore

/// Loading workflow files: variants merged onto what they build on, and every problem of a
/// malformed file reported at once with its file, line and key (fixtures in
/// `Fixtures/workflows/`, each a variation of `minimal.yaml`).
@Suite struct WorkflowLoaderTests {
    /// `Fixtures/workflows/`, laid out like `workflows/` (with `calendars/cn-2026.yaml`).
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/workflows").path

    let loader = WorkflowLoader.directory(Self.fixtures)

    /// A diagnostic as the tests state it: the file's name (not its directory), line, key, message.
    struct Reported: Equatable, CustomStringConvertible {
        var file: String
        var line: Int
        var key: String
        var message: String

        init(_ file: String, _ line: Int, _ key: String, _ message: String) {
            self.file = file
            self.line = line
            self.key = key
            self.message = message
        }

        init(_ diagnostic: Diagnostic) {
            self.init((diagnostic.file as NSString).lastPathComponent, diagnostic.line, diagnostic.key, diagnostic.message)
        }

        var description: String { "\(file):\(line): \(key): \(message)" }
    }

    /// The problems loading `name` reports; an issue if it loads.
    func problems(_ name: String, loader: WorkflowLoader? = nil) -> [Reported] {
        do {
            let bundle = try (loader ?? self.loader).load(name)
            Issue.record("\(name) loaded as \(bundle.workflow.id), expected problems")
            return []
        } catch {
            return error.diagnostics.map(Reported.init)
        }
    }

    func fixture(_ name: String) throws -> SourceFile {
        let path = (Self.fixtures as NSString).appendingPathComponent(name)
        return SourceFile(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
    }

    static let knownGuardKinds = GuardKind.names.joined(separator: ", ")
    static let durationExample = "expected a length like \"1 month\", \"6 months\", \"1 year\", \"5 working_days\""

    // MARK: - Files that load

    @Test func loadsTheMinimalFixture() throws {
        let bundle = try loader.load("minimal")
        #expect(bundle.workflow.id == "minimal")
        #expect(bundle.workflow.basedOn == nil)
        #expect(bundle.workflow.stages.map(\.id) == ["applicant", "activist", "member"])
        #expect(bundle.workflow.guards.map(\.id) == ["application-age", "admission-mentors", "admission-one-year"])
        #expect(bundle.sources.map { ($0.path as NSString).lastPathComponent } == ["minimal.yaml", "cn-2026.yaml"])
        #expect(bundle.calendar.years == [2026])
        let guardDefinition = try #require(bundle.workflow.guards.first { $0.id == "admission-mentors" })
        #expect(guardDefinition.location.line == 34)
        #expect((guardDefinition.location.file as NSString).lastPathComponent == "minimal.yaml")
    }

    @Test func mergesAVariantEntryByEntryAndFieldByField() throws {
        let bundle = try loader.load("variant")
        let workflow = bundle.workflow
        #expect(workflow.id == "variant")
        #expect(workflow.title == "最小流程（本地）")
        #expect(workflow.basedOn == "minimal")
        #expect(bundle.sources.map { ($0.path as NSString).lastPathComponent } == ["variant.yaml", "minimal.yaml", "cn-2026.yaml"])

        // A field changed; the others kept.
        // R5 is waivable because a clause of it (admission-mentors) now is.
        #expect(workflow.rule("R5") == Rule(id: "R5", name: "培养联系人", basis: "细则（2014）第九条；本校规定", waivable: true))
        #expect(workflow.waivableClauses(of: "R5") == ["admission-mentors"])
        let mentors = try #require(workflow.guards.first { $0.id == "admission-mentors" })
        #expect(mentors.kind == .people(step: "assign_mentors", min: 1, max: 1))
        #expect(mentors.step == "admission")
        #expect((mentors.location.file as NSString).lastPathComponent == "variant.yaml")
        #expect(mentors.location.line == 15)
        // An entry removed with ~, one added; the base's order is kept, additions come last.
        #expect(workflow.guards.map(\.id) == ["application-age", "admission-mentors", "admission-defense"])
        #expect(workflow.guards.last?.kind == .stepRecorded(steps: ["defense"], result: .pass))
        let defense = try #require(workflow.step("defense"))
        #expect(defense.number == nil)
        #expect(defense.data == [.result])
        #expect(workflow.steps.compactMap(\.number) == [1, 2, 3, 4])
    }

    @Test func storedCopiesLoadLikeTheDirectory() throws {
        let sources = try ["variant.yaml", "minimal.yaml", "calendars/cn-2026.yaml"].map(fixture)
        let stored = try WorkflowLoader.stored(sources).load("variant")
        let read = try loader.load("variant")
        #expect(stored.sha256 == read.sha256)
        #expect(stored.sources == read.sources)
        #expect(stored.workflow.guards == read.workflow.guards)
    }

    @Test func readsFilesWithWindowsLineEndings() throws {
        func windows(_ file: SourceFile) -> SourceFile {
            SourceFile(path: file.path, text: file.text.replacingOccurrences(of: "\n", with: "\r\n"))
        }
        var calendar = windows(try fixture("calendars/cn-2026.yaml"))
        calendar.text = calendar.text.replacingOccurrences(of: "calendar: cn", with: "calendar: cn  # 中国大陆")
        let minimal = try WorkflowLoader.stored([windows(try fixture("minimal.yaml")), calendar]).load("minimal")
        #expect(minimal.workflow.guards.count == 3)
        #expect(minimal.calendar.years == [2026])

        let duplicates = WorkflowLoader.stored([windows(try fixture("duplicate-keys.yaml")), calendar])
        #expect(problems("duplicate-keys", loader: duplicates) == problems("duplicate-keys"))
    }

    /// The calendar id read from the bytes agrees with reading the text as lines of characters
    /// (as it was read before): every line break Swift knows, keys not at a line's start, a
    /// combining mark after the colon, a workflow key anywhere.
    @Test(arguments: [
        "calendar: cn\nyear: 2026\n", "calendar: cn\r\nyear: 2026", "year: 2026\rcalendar: \"cn\"  # 中国", "x\u{85}calendar: hk",
        "x\u{2028}calendar: mo", "x\u{2029}calendar: tw", "x\u{0B}calendar: a", "x\u{0C}calendar: b", " calendar: no", "calendar:\u{301} x",
        "calendar: cn\nworkflow: w", "calendar: cn\r\n\u{2028}workflow: w", "workflow:\u{301} w\ncalendar: cn", "\u{FEFF}calendar: cn",
        "calendar: 'cn'\ncalendar: other", "", "\n\n", "calendar:", "中文\ncalendar: cn", "e\u{301}\ncalendar: cn", "calendar: cn\u{85}",
    ])
    func readsTheCalendarIDFromTheBytesAsFromTheLines(text: String) {
        func byLines(_ text: String) -> String? {
            let lines = text.split(whereSeparator: \.isNewline)
            guard !lines.contains(where: { $0.hasPrefix("workflow:") }) else { return nil }
            for line in lines where line.hasPrefix("calendar:") {
                var value = line.dropFirst("calendar:".count)
                if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
                return value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
            return nil
        }
        #expect(calendarID(of: text) == byLines(text))
    }

    // MARK: - One problem each

    @Test func reportsAnUnknownGuardKind() throws {
        #expect(problems("unknown-guard-kind") == [
            Reported("unknown-guard-kind.yaml", 37, "guards.admission-waiting.kind",
                     "unknown guard kind \"waiting_period\" (known: \(Self.knownGuardKinds))"),
        ])
        do {
            _ = try loader.load("unknown-guard-kind")
        } catch {
            #expect(error.description.hasSuffix("unknown-guard-kind.yaml:37:11: guards.admission-waiting.kind: unknown guard kind \"waiting_period\" (known: \(Self.knownGuardKinds))"))
        }
    }

    @Test func reportsAnUnknownStepInAGuard() {
        #expect(problems("unknown-step-in-guard") == [
            Reported("unknown-step-in-guard.yaml", 35, "guards.admission-mentors.on", "unknown step id \"admision\""),
        ])
    }

    @Test func reportsUnknownStagesInEntersAndFrom() {
        #expect(problems("unknown-stage") == [
            // Nothing enters member any more: the step meant to is the one with the typo.
            Reported("unknown-stage.yaml", 9, "stages.member",
                     "stage member cannot be reached: no step enters it from a reachable stage"),
            Reported("unknown-stage.yaml", 19, "steps.designate_activist.from", "unknown stage id \"aplicant\""),
            Reported("unknown-stage.yaml", 21, "steps.admission.enters", "unknown stage id \"members\""),
        ])
    }

    @Test func reportsARoleTheServerDoesNotHave() {
        let known = "known: branch, general-branch, committee"
        #expect(problems("unknown-role") == [
            Reported("unknown-role.yaml", 19, "steps.designate_activist.by", "unknown role \"committe\" (\(known))"),
            Reported("unknown-role.yaml", 21, "steps.admission.by", "unknown role \"admin\" (\(known))"),
        ])
    }

    @Test func reportsUnreachableStages() {
        #expect(problems("unreachable-stage") == [
            Reported("unreachable-stage.yaml", 9, "stages.probationary",
                     "stage probationary cannot be reached: no step enters it from a reachable stage"),
            Reported("unreachable-stage.yaml", 10, "stages.member",
                     "stage member cannot be reached: no step enters it from a reachable stage"),
        ])
    }

    @Test func reportsAMinimumAboveTheMaximum() {
        #expect(problems("min-greater-than-max") == [
            Reported("min-greater-than-max.yaml", 33, "guards.application-age.min", "min (18) is greater than max (16)"),
            Reported("min-greater-than-max.yaml", 40, "guards.admission-mentors.min", "min (3) is greater than max (2)"),
            Reported("min-greater-than-max.yaml", 47, "guards.admission-two-years.min", "min (2 years) is greater than max (1 year)"),
            Reported("min-greater-than-max.yaml", 54, "guards.admission-thirteen-months.min", "min (13 months) is longer than max (1 year)"),
        ])
    }

    /// Waivability belongs to the clause: a rule-level waivable, a waivable approver or an
    /// approval window with no cap, a threshold before the deadline, a once_rule that cannot be.
    @Test func reportsWaivabilityWrittenWrong() {
        let clauseMessage = "waivability belongs to the clause, not the rule: write waivable: true on the guards and deadlines of R3 "
            + "worded \"normally\" (一般); every other clause of R3 is mandatory"
        #expect(problems("waivable-errors") == [
            Reported("waivable-errors.yaml", 13, "rules.R3.waivable", clauseMessage),
            Reported("waivable-errors.yaml", 20, "steps.assign_mentors.once_rule", "unknown rule id \"R7\""),
            Reported("waivable-errors.yaml", 22, "steps.talk.once_rule", "once_rule is for a step recorded once, but this one is repeatable"),
            Reported("waivable-errors.yaml", 34, "guards.admission-approver.waivable",
                     "a guard of kind approver is never worded \"normally\" (一般): who approves and the vote cannot be waived"),
            Reported("waivable-errors.yaml", 41, "guards.admission-window.waivable",
                     "a waivable approval_window needs at_most: a waiver stretches within only up to at_most, never beyond"),
            Reported("waivable-errors.yaml", 49, "guards.admission-mentors.waivable", "expected true or false, found \"maybe\""),
            Reported("waivable-errors.yaml", 57, "deadlines.mentors.violation_after",
                     "violation_after (1 month) is shorter than within (3 months): late comes before a violation"),
        ])
    }

    /// A database's stored copy written before waivers were per clause still loads: its
    /// rule-level waivable is ignored, so none of its clauses can be waived.
    @Test func aStoredCopyWithARuleLevelWaivableLoadsWithNothingWaivable() throws {
        let old = try fixture("minimal.yaml").text.replacingOccurrences(
            of: "R3:  {name: 确定入党积极分子, basis: 细则（2014）第八条}", with: "R3:  {name: 确定入党积极分子, basis: 细则（2014）第八条, waivable: true}")
        #expect(old.contains("waivable: true"))
        let calendar = try fixture("calendars/cn-2026.yaml")
        let stored = try WorkflowLoader.stored([SourceFile(path: "minimal.yaml", text: old), calendar]).load("minimal")
        #expect(stored.workflow.rule("R3")?.waivable == false)
        #expect(stored.workflow.waivableClauses(of: "R3").isEmpty)
        // The same text read as a workflow file is refused, at the line.
        let direct = WorkflowLoader(read: { _ in SourceFile(path: "minimal.yaml", text: old) }, calendars: { _ in [calendar] })
        #expect(problems("minimal", loader: direct).map(\.key) == ["rules.R3.waivable"])
    }

    /// R25's quota section: the rule, whether it is waivable, the surge; problems at their line.
    @Test func readsTheQuotaSectionAndReportsItsProblems() throws {
        let base = try fixture("minimal.yaml").text
        let calendar = try fixture("calendars/cn-2026.yaml")
        func load(_ quota: String) -> (Workflow?, [Reported]) {
            let text = base + "\n" + quota
            let loader = WorkflowLoader(read: { _ in SourceFile(path: "minimal.yaml", text: text) }, calendars: { _ in [calendar] })
            do { return (try loader.load("minimal").workflow, []) } catch { return (nil, error.diagnostics.map(Reported.init)) }
        }
        let lines = base.components(separatedBy: "\n").count
        let (good, none) = load("quota:\n  rule: R19\n  waivable: true\n  surge: {share: 50%, within: 1 month, min_admissions: 3}\n")
        #expect(none.isEmpty)
        #expect(good?.quota?.rule == "R19")
        #expect(good?.quota?.surgeShare == 5_000)
        #expect(good?.quota?.surgeMinimum == 3)
        #expect(good?.waivableClauses(of: "R19") == ["quota"])
        #expect(good?.rule("R19")?.waivable == true)
        let (_, problems) = load("quota:\n  rule: R99\n  surge: {share: 150%, within: soon}\n")
        #expect(problems.map(\.key) == ["quota.rule", "quota.surge.share", "quota.surge.within"], "\(problems)")
        #expect(problems.first?.line == lines + 2)  // the line of "rule: R99"
        #expect(problems.first?.message == "unknown rule id \"R99\"")
    }

    /// The guard kinds of issue 14 (`departure`, `held_by`, `step_recorded` with `since`): each
    /// problem at its line and key.
    @Test func reportsTheNewGuardKindsProblemsAtTheirLines() throws {
        let base = try fixture("minimal.yaml").text
        let calendar = try fixture("calendars/cn-2026.yaml")
        let guards = """
              leaving:
                on: admission
                rule: R19
                kind: departure
                step: nowhere
              talk:
                on: admission
                rule: R19
                kind: held_by
                roles: [committee_member, chair]
              defended:
                on: admission
                rule: R19
                kind: step_recorded
                step: assign_mentors
                since: last:nowhere
              good:
                on: admission
                rule: R19
                kind: departure
                step: assign_mentors
                within: 3 months
                waivable: true

            """
        let text = base.replacingOccurrences(of: "deadlines:\n", with: guards + "deadlines:\n")
        let start = base.components(separatedBy: "\n").firstIndex(of: "deadlines:")! + 1
        let loader = WorkflowLoader(read: { _ in SourceFile(path: "minimal.yaml", text: text) }, calendars: { _ in [calendar] })
        var reported: [Reported] = []
        do { _ = try loader.load("minimal") } catch { reported = error.diagnostics.map(Reported.init) }
        #expect(Set(reported.map(\.description)) == [
            "minimal.yaml:\(start + 4): guards.leaving.step: unknown step id \"nowhere\"",
            "minimal.yaml:\(start): guards.leaving.within: missing",
            "minimal.yaml:\(start + 9): guards.talk.roles: unknown role \"chair\" (known: committee_member, organizer, branch)",
            "minimal.yaml:\(start + 15): guards.defended.since: expected this, birth, probation_end, a step id or last:STEP, found \"last:nowhere\"",
        ], "\(reported)")
    }

    /// R13's `roster` guard judges the guarded meeting's own 应到: on a step with no vote it is
    /// reported, it is never waivable, and it takes no parameters; on a meeting it loads.
    @Test func reportsARosterGuardWrittenWrongAtItsLine() throws {
        let base = try fixture("minimal.yaml").text
            .replacingOccurrences(of: "data: [names]}", with: "data: [names]}\n  meeting:            {number: 5, name: 支部大会讨论, rules: [R19], requires: [assign_mentors], data: [vote]}")
        let calendar = try fixture("calendars/cn-2026.yaml")
        let guards = """
              no-vote:
                on: admission
                rule: R19
                kind: roster
              waived:
                on: meeting
                rule: R19
                kind: roster
                waivable: true
              extra:
                on: meeting
                rule: R19
                kind: roster
                step: meeting

            """
        let text = base.replacingOccurrences(of: "deadlines:\n", with: guards + "deadlines:\n")
        let start = base.components(separatedBy: "\n").firstIndex(of: "deadlines:")! + 1
        let loader = WorkflowLoader(read: { _ in SourceFile(path: "minimal.yaml", text: text) }, calendars: { _ in [calendar] })
        var reported: [Reported] = []
        do { _ = try loader.load("minimal") } catch { reported = error.diagnostics.map(Reported.init) }
        let descriptions = reported.map(\.description)
        #expect(descriptions.count == 3, "\(reported)")
        #expect(descriptions.contains("minimal.yaml:\(start + 1): guards.no-vote.on: a roster guard judges a meeting's 应到: step admission records no vote"),
                "\(reported)")
        #expect(descriptions.contains("minimal.yaml:\(start + 8): guards.waived.waivable: a guard of kind roster is never worded \"normally\" (一般): "
                                      + "who approves and the vote cannot be waived"), "\(reported)")
        #expect(descriptions.contains { $0.hasPrefix("minimal.yaml:\(start + 13): guards.extra.step: unknown key \"step\"") }, "\(reported)")
        let good = base.replacingOccurrences(of: "deadlines:\n", with: "  roster:\n    on: meeting\n    rule: R19\n    kind: roster\n\ndeadlines:\n")
        let loaded = try WorkflowLoader(read: { _ in SourceFile(path: "minimal.yaml", text: good) }, calendars: { _ in [calendar] }).load("minimal")
        #expect(loaded.workflow.guards(on: "meeting").map(\.kind) == [.roster])
        #expect(Engine(bundle: loaded).judgesRoster)
    }

    /// The `redo` guard (a procedure redone after its resolution lapsed): counted from a step
    /// that records a vote, repeating steps that can be recorded again, a declared notice node;
    /// `procedure:STEP` names only a step a redo guard repeats. Every problem at its line.
    @Test func reportsARedoGuardWrittenWrongAtItsLine() throws {
        let base = try fixture("minimal.yaml").text
            .replacingOccurrences(of: "data: [names]}", with: "data: [names]}\n  meeting:            {number: 5, name: 支部大会讨论, rules: [R19], requires: [assign_mentors], data: [vote], repeatable: true}")
        let calendar = try fixture("calendars/cn-2026.yaml")
        let guards = """
              no-vote:
                on: admission
                rule: R19
                kind: redo
                from: assign_mentors
                after: 6 months
                steps: [meeting]
              once:
                on: admission
                rule: R19
                kind: redo
                from: meeting
                after: half a year
                steps: [designate_activist, nowhere]
                notice: admission
              empty:
                on: admission
                rule: R19
                kind: redo
                from: meeting
                after: 6 months
              month:
                on: admission
                rule: R19
                kind: interval
                from: procedure:assign_mentors
                to: procedure:meeting
                max: 1 month

            """
        let text = base.replacingOccurrences(of: "deadlines:\n", with: guards + "deadlines:\n")
        let start = base.components(separatedBy: "\n").firstIndex(of: "deadlines:")! + 1
        let loader = WorkflowLoader(read: { _ in SourceFile(path: "minimal.yaml", text: text) }, calendars: { _ in [calendar] })
        var reported: [Reported] = []
        do { _ = try loader.load("minimal") } catch { reported = error.diagnostics.map(Reported.init) }
        #expect(Set(reported.map(\.description)) == [
            "minimal.yaml:\(start + 4): guards.no-vote.from: a redo guard counts from a resolution (a vote that carried): step assign_mentors records no vote",
            "minimal.yaml:\(start + 12): guards.once.after: \(Self.durationExample), found \"half a year\"",
            "minimal.yaml:\(start + 13): guards.once.steps: step designate_activist is recorded once (not repeatable): "
                + "a redone procedure cannot record it again (make it repeatable: true)",
            "minimal.yaml:\(start + 13): guards.once.steps: unknown step id \"nowhere\"",
            "minimal.yaml:\(start + 14): guards.once.notice: unknown notice node \"admission\" (declare it under notice_nodes)",
            "minimal.yaml:\(start + 15): guards.empty.steps: missing: the steps a redone procedure repeats",
            "minimal.yaml:\(start + 25): guards.month.from: procedure:STEP names a step a redo guard of the workflow repeats "
                + "(its steps: designate_activist, meeting, nowhere), found \"procedure:assign_mentors\"",
        ], "\(reported)")
        // Written right, it loads, and procedure:STEP reads as a date reference.
        let good = base.replacingOccurrences(of: "deadlines:\n", with: """
              redo:
                on: admission
                rule: R19
                kind: redo
                from: meeting
                after: 6 months
                steps: [meeting]
              month:
                on: admission
                rule: R19
                kind: interval
                from: procedure:meeting
                max: 1 month

            deadlines:

            """)
        let loaded = try WorkflowLoader(read: { _ in SourceFile(path: "minimal.yaml", text: good) }, calendars: { _ in [calendar] }).load("minimal")
        #expect(loaded.workflow.guards(on: "admission").map(\.kind).contains(.redo(from: "meeting", after: Duration(parsing: "6 months")!,
                                                                                      steps: ["meeting"], notice: nil)))
        #expect(loaded.workflow.guards(on: "admission").map(\.kind).contains(.interval(from: .procedure("meeting"), to: .guarded,
                                                                                          min: nil, max: Duration(parsing: "1 month"))))
    }

    @Test func reportsEveryDuplicateKeyOnItsOwnLine() throws {
        #expect(problems("duplicate-keys") == [
            Reported("duplicate-keys.yaml", 15, "rules.R3", "duplicate key \"R3\" (first written on line 13); the repeat is ignored"),
            Reported("duplicate-keys.yaml", 42, "guards.admission-mentors.min",
                     "duplicate key \"min\" (first written on line 40); the repeat is ignored"),
        ])
    }

    @Test func reportsTheLineOfAYAMLSyntaxError() {
        #expect(problems("syntax-error") == [
            Reported("syntax-error.yaml", 31, "", "YAML syntax: mapping values are not allowed in this context"),
        ])
    }

    @Test func reportsAVariantOfAMissingWorkflow() {
        #expect(problems("extends-missing") == [
            Reported("extends-missing.yaml", 2, "extends", "no workflow file named cpc-2099 to build on"),
        ])
    }

    @Test func reportsVariantsThatExtendEachOtherInACircle() {
        #expect(problems("circle-a") == [
            Reported("circle-b.yaml", 2, "extends", "workflows extend each other in a circle"),
        ])
    }

    @Test func reportsAMissingWorkflowFile() {
        #expect(problems("no-such-workflow") == [
            Reported("no-such-workflow.yaml", 1, "", "no workflow file named no-such-workflow"),
        ])
    }

    @Test func reportsAMissingCalendar() throws {
        let withoutCalendars = WorkflowLoader.stored([try fixture("minimal.yaml")])
        #expect(problems("minimal", loader: withoutCalendars) == [
            Reported("minimal.yaml", 4, "calendar", "no calendar files for \"cn\""),
        ])
    }

    // MARK: - Everything at once

    @Test func reportsEveryProblemOfAFileAtOnce() {
        #expect(problems("many-problems") == [
            Reported("many-problems.yaml", 5, "decription",
                     "unknown key \"decription\" (known: \(WorkflowDecoder.topLevelKeys.sorted().joined(separator: ", ")))"),
            Reported("many-problems.yaml", 9, "stages.activist.order", "order 1 is already used by stage applicant"),
            Reported("many-problems.yaml", 15, "rules.R5.basis", "missing"),
            Reported("many-problems.yaml", 20, "steps.designate_activist.rules", "unknown rule id \"R99\""),
            Reported("many-problems.yaml", 21, "steps.assign_mentors.requires", "unknown step id \"designate_activst\""),
            Reported("many-problems.yaml", 21, "steps.assign_mentors.data",
                     "unknown data kind \"photos\" (known: \(StepData.allCases.map(\.rawValue).joined(separator: ", ")))"),
            Reported("many-problems.yaml", 22, "steps.admission.during", "unknown stage id \"candidate\""),
            Reported("many-problems.yaml", 26, "probation.length", "\(Self.durationExample), found \"1 yr\""),
            Reported("many-problems.yaml", 38, "guards.admission-waiting.kind",
                     "unknown guard kind \"waiting_period\" (known: \(Self.knownGuardKinds))"),
            Reported("many-problems.yaml", 41, "guards.admission-mentors.rule", "unknown rule id \"R42\""),
            Reported("many-problems.yaml", 51, "guards.admission-two-years.min", "min (2 years) is greater than max (1 year)"),
            Reported("many-problems.yaml", 57, "guards.admission-notice.node",
                     "unknown notice node \"admission\" (declare it under notice_nodes)"),
            Reported("many-problems.yaml", 59, "guards.application-age",
                     "duplicate key \"application-age\" (first written on line 30); the repeat is ignored"),
            Reported("many-problems.yaml", 68, "deadlines.mentors.step", "unknown step id \"assign_mentor\""),
            Reported("many-problems.yaml", 70, "deadlines.mentors.within", "\(Self.durationExample), found \"six months\""),
        ])
    }

    @Test func reportsAVariantsProblemsInTheVariant() {
        #expect(problems("variant-errors") == [
            // The stage is still known, so nothing in minimal.yaml is reported for it.
            Reported("variant-errors.yaml", 8, "stages.member.order", "expected a whole number, found \"two\""),
            // The variant changed max: the problem is where max is written, not at min in minimal.yaml.
            Reported("variant-errors.yaml", 11, "guards.admission-mentors.max", "min (1) is greater than max (0)"),
            Reported("variant-errors.yaml", 13, "guards.admission-defense.on", "unknown step id \"admision\""),
            Reported("variant-errors.yaml", 14, "guards.admission-defense.rule", "unknown rule id \"R24\""),
            Reported("variant-errors.yaml", 16, "guards.admission-defense.step", "unknown step id \"defense\""),
        ])
    }

    @Test func reportsAFieldMissingFromAVariantsEntryInTheVariant() throws {
        let variant = SourceFile(path: "local.yaml", text: """
            extends: minimal
            workflow: local
            rules:
              R24: {name: 高校六项制度}
            guards:
              admission-defense:
                on: admission
                rule: R24
            """)
        let loader = WorkflowLoader.stored([variant, try fixture("minimal.yaml"), try fixture("calendars/cn-2026.yaml")])
        #expect(problems("local", loader: loader) == [
            Reported("local.yaml", 4, "rules.R24.basis", "missing"),
            Reported("local.yaml", 6, "guards.admission-defense.kind", "missing"),
        ])
    }
}
