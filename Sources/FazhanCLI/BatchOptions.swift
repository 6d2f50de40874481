import ArgumentParser
import FazhanCore
import FazhanService
import FazhanViews
import Foundation

/// `--people` and `--people-file`: the people `record` records one step for, in one go.
///
/// `--people 2023001,2023002` lists numbers (commas, Chinese commas or 、); `--people-file FILE`
/// reads one number per line, `#` starting a comment, blank lines skipped, UTF-8 (a byte-order
/// mark allowed). Both may be given; nobody may be named twice, and at most
/// `DevelopmentService.batchLimit` people.
struct BatchPeopleOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Catalogue.batchPeopleOptionsPeopleHelp,
                               valueName: "numbers"))
    var people: String?
    @Option(help: ArgumentHelp(Catalogue.batchPeopleOptionsPeopleFileHelp,
                               valueName: "file"))
    var peopleFile: String?

    var isBatch: Bool { people != nil || peopleFile != nil }

    /// The numbers named, in order, checked: someone, nobody twice, not too many.
    func numbers() throws -> [String] {
        var numbers: [String] = []
        if let people {
            numbers += people.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if numbers.isEmpty { throw ValidationError(Catalogue.peopleListsNobody) }
        }
        if let peopleFile {
            let listed = try Self.read(peopleFile)
            if listed.isEmpty { throw ValidationError(Catalogue.peopleFileListsNobody(peopleFile)) }
            numbers += listed
        }
        var seen: Set<String> = []
        let twice = numbers.filter { !seen.insert($0).inserted }
        if !twice.isEmpty {
            throw ValidationError(Catalogue.namedTwice(Array(Set(twice)).sorted()))
        }
        if numbers.count > DevelopmentService.batchLimit {
            throw ValidationError(Catalogue.tooManyPeople(numbers.count, limit: DevelopmentService.batchLimit))
        }
        return numbers
    }

    /// The numbers in a file: one a line, `#` to the end of the line a comment.
    static func read(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ValidationError(Catalogue.peopleFileMissing(path))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError(Catalogue.peopleFileUnreadable(path))
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ValidationError(Catalogue.peopleFileNotUTF8(path))
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var numbers: [String] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let number = content.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !number.isEmpty else { continue }
            if number.contains(where: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "，" }) {
                throw ValidationError(Catalogue.oneNumberPerLine(path, line: index + 1, found: String(number)))
            }
            numbers.append(number)
        }
        return numbers
    }
}

extension RecordCommand {
    /// With `--people` or `--people-file`, the one argument is the step.
    var batchStep: String { person }

    func validateBatch() throws {
        if batch.isBatch {
            if let step {
                throw ValidationError(Catalogue.onlyTheStep(person, step))
            }
            _ = try batch.numbers()
        } else if step == nil {
            throw ValidationError(Catalogue.missingStep)
        }
    }

    func runBatch() async throws {
        var data = options.data
        data.reason = why.reason
        let recorded = try await database.service().recordBatch(BatchRequest(
            people: try batch.numbers(), step: batchStep, date: on, data: data, recordedBy: recorder.user, recordedAt: Clock.timestamp(),
            today: Clock.today()))
        output(BatchRendering.recorded(recorded))
    }
}
