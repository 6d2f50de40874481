import FazhanCore
import Foundation
import PropertyBased
import Testing

@testable import FazhanServer

/// Properties of JSON request bodies with boundary numbers: every number of a step's data is
/// within its range, or the answer is 400 naming the field and its range.
@Suite(.english) struct JSONBodyProperties {
    static let numbers = EventData.numberFields.map(\.key)

    @Test func stepDataNumbersAreWithinRangeOrRefusedByName() async {
        let literal = Gen<String>.oneOf(
            Boundary.int.map { String($0) },
            Gen<String?>.element(of: ["1e300", "-0", "1.5", "99999999999999999999", "-99999999999999999999", "true", "null", "\"7\"", "[]"])
                .map { $0! })
        await propertyCheck(count: 300, input: Gen.int(in: 0...(Self.numbers.count - 1)), literal, Gen.int(in: 1...(Self.numbers.count - 1)), literal) {
            first, firstValue, offset, secondValue in
            let second = (first + offset) % Self.numbers.count
            let body = "{\"\(Self.numbers[first])\": \(firstValue), \"\(Self.numbers[second])\": \(secondValue)}"
            do {
                let data = try JSONBody(Array(body.utf8), allowed: JSONBody.eventDataFields).eventData()
                #expect(data.boundProblems.isEmpty, "\(body) → \(data.boundProblems)")
            } catch let error as APIError {
                #expect(error.status == .badRequest, "\(body): \(error)")
                let named = [Self.numbers[first], Self.numbers[second]].contains { error.message.contains($0) }
                #expect(named, "\(body): \(error.message)")
                if error.message.contains("from") {
                    #expect(EventData.numberFields.contains { error.message.contains("from \($0.bound.range.lowerBound) to \($0.bound.range.upperBound)") },
                            "\(error.message)")
                }
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func aGradeIsWithinRangeOrRefusedByName() async {
        await propertyCheck(count: 200, input: Boundary.int) { grade in
            let body = "{\"grade\": \(grade)}"
            do {
                let value = try JSONBody(Array(body.utf8), allowed: ["grade"]).integer("grade", within: Bounds.grade)
                #expect(value.map(Bounds.grade.contains) == true)
            } catch let error as APIError {
                #expect(error.status == .badRequest && error.message.contains("grade") && error.message.contains("1950 to 2100"), "\(error.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
