import FazhanCore
import FazhanReports
import Foundation
import PropertyBased
import Testing

/// Properties of the core's arithmetic and bounds: whatever number comes in (from a user, or
/// from a database an older version filled), nothing traps, nothing runs long, and a number out
/// of range is named with its range.
@Suite(.english) struct CoreBoundsProperties {
    @Test func dateArithmeticSaturatesAndReadsBack() async {
        await propertyCheck(count: 400, input: Boundary.date, Boundary.int) { date, amount in
            for result in [date.adding(days: amount), date.adding(months: amount), date.adding(years: amount)] {
                #expect(result >= CivilDate.earliest && result <= CivilDate.latest)
                #expect(CivilDate(result.description) == result, "\(result) does not read back")
                if amount >= 0 { #expect(result >= date) } else { #expect(result <= date) }
            }
            #expect(date.days(until: date.adding(days: amount)) == min(max(date.dayNumber.saturatingAdding(amount), Boundary.dayNumbers.lowerBound),
                                                                       Boundary.dayNumbers.upperBound) - date.dayNumber)
        }
    }

    @Test func workingDaysOfAnyCountAreFoundQuickly() async {
        let calendar = Shipped.cpc2014.calendar
        await propertyCheck(count: 150, input: Boundary.date, Boundary.int) { start, count in
            var result: (date: CivilDate, provisional: Bool)?
            let time = seconds { result = calendar.date(afterWorkingDays: count, startingOn: start) }
            #expect(time < 1, "\(count) working days from \(start) took \(time) s")
            guard let end = result?.date else { return }
            #expect(end >= start)
            if count >= 1, end < CivilDate.latest, count <= 5_000 {
                // The answer is the count-th working day: exactly `count` of them through it, and it is one.
                #expect(calendar.workingDays(from: start, through: end).value == count, "\(count) from \(start): \(end)")
                #expect(calendar.isWorkingDay(end))
            }
        }
    }

    @Test func aHorizonIsWithinTenYearsOrRefusedWithItsRange() async {
        await propertyCheck(count: 300, input: Boundary.numberText, Gen<String?>.element(of: ["d", "w", "m", "y", ""]).map { $0! }) { number, unit in
            let text = number + unit
            do {
                let horizon = try Horizon(parsing: text, field: "--within")
                #expect(Bounds.horizonDays.contains(horizon.days))
                let perUnit = unit == "d" ? 1 : unit == "w" ? 7 : 31
                #expect(Int(number).map { $0 * perUnit } == horizon.days, "\(text) → \(horizon.days)")
            } catch let error as BoundError {
                #expect(error.message.contains("--within"), "\(error.message)")
                if Int(number) != nil, number.allSatisfy({ $0.isASCII && $0.isNumber }), ["d", "w", "m"].contains(unit) {
                    #expect(error.message.contains("0 to 3660"), "\(error.message)")
                }
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// The numbers of a step's data, any of them: the engine names every one out of range with
    /// its option, its value and its range, and its sums never overflow.
    @Test func stepDataOutOfRangeIsNamedAndNeverOverflows() async {
        let fields = EventData.numberFields
        await propertyCheck(count: 400, input: Boundary.int.array(of: fields.count), Gen.int(in: 0...((1 << 11) - 1))) { values, mask in
            var data = EventData(node: "candidate")
            let paths: [WritableKeyPath<EventData, Int?>] = [
                \.objections, \.expected, \.present, \.votesFor, \.against, \.abstain, \.writtenFor, \.writtenAgainst, \.days, \.hours, \.months,
            ]
            for (index, path) in paths.enumerated() where mask & (1 << index) != 0 { data[keyPath: path] = values[index] }
            let problems = EventData.consistencyProblems(data, noticeNodes: ["candidate"])
            for field in fields {
                guard let value = field.value(data), !field.bound.contains(value) else { continue }
                #expect(problems.contains { $0.contains(field.option) && $0.contains(String(value)) && $0.contains(field.bound.description) },
                        "\(field.option) \(value) not named: \(problems)")
            }
        }
    }

    /// Histories as an older version may have stored them: any numbers in any step's data, on
    /// any day. Every check, deadline, timeline, audit and agenda is computed without a trap,
    /// and a number out of range is a finding of the audit.
    @Test func storedNumbersOfAnySizeNeverTrapTheEngine() async {
        let bundle = Shipped.cpc2014
        let engine = Engine(bundle: bundle)
        let workflow = bundle.workflow
        let organizations = OrganizationDirectory([
            Organization(id: 1, code: "UNI", name: "党委", kind: .committee, parentID: nil, category: nil, canApprove: true),
            Organization(id: 2, code: "S1", name: "支部", kind: .branch, parentID: 1, category: .student, canApprove: false),
        ])
        let steps = ["concentrated_training", "admission_meeting", "probation_extension", "public_notice", "conversion_meeting",
                     "probation_cancellation", "activist_assessment"]
        let gen = zip(Gen<String?>.element(of: steps).map { $0! }, Boundary.date, Boundary.int.array(of: 11), Boundary.date, Boundary.date)
        await propertyCheck(count: 60, input: gen) { input in
            let (step, date, values, from, asOf) = input
            let person = PersonProfile(id: 1, number: "2021001", name: "张三", category: .student, organizationID: 2,
                                       birthDate: CivilDate("2003-01-01"), leagueMember: true, workflowVersion: 1)
            let data = EventData(
                node: "candidate", from: from, to: date, objections: values[0], expected: values[1], present: values[2],
                votesFor: values[3], against: values[4], abstain: values[5], writtenFor: values[6], writtenAgainst: values[7],
                days: values[8], hours: values[9], months: values[10])
            var events = [Event(id: 1, personID: 1, step: "submit_application", date: CivilDate("2020-03-01")!, recordedAt: "t",
                                recordedBy: "t", workflowVersion: 1)]
            for (index, id) in ["initial_talk", "recommendation", "designate_activist", "designate_candidate", "admission_meeting",
                                "admission_approval"].enumerated() {
                events.append(Event(id: Int64(index + 2), personID: 1, step: id, date: CivilDate("2020-04-01")!.adding(months: index * 7),
                                    recordedAt: "t", recordedBy: "t",
                                    data: EventData(method: "league", expected: 9, present: 9, votesFor: 9), workflowVersion: 1))
            }
            events.append(Event(id: 99, personID: 1, step: step, date: date, recordedAt: "t", recordedBy: "t", data: data, workflowVersion: 1))
            events.sort { ($0.date, $0.id) < ($1.date, $1.id) }
            let history = History(person: person, events: events)
            let time = seconds {
                for candidate in workflow.steps {
                    _ = engine.evaluate(step: candidate.id, on: asOf, data: data, history: history, organizations: organizations)
                }
                _ = engine.pendingDeadlines(history, asOf: asOf)
                _ = StageTimeline.probationEnd(history: history, workflow: workflow)
                let findings = Auditor(asOf: asOf).audit(history, engine: engine, organizations: organizations, organizationCode: "S1")
                if date <= asOf, !data.boundProblems.isEmpty {
                    #expect(findings.contains { $0.source == "data.range" && $0.eventID == 99 }, "no finding for \(data.boundProblems)")
                }
                _ = AgendaBuilder(asOf: asOf, horizonDays: Bounds.horizonDays.range.upperBound)
                    .items(for: history, engine: engine, organizations: organizations, organizationCode: "S1")
            }
            #expect(time < 5, "\(step) on \(date): \(time) s")
        }
    }
}
