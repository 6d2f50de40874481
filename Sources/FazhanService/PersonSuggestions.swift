import FazhanCore
import FazhanStore

extension DevelopmentService {
    /// "No such person", with the people whose number is one slip away from `key` (a character
    /// changed, added or dropped, or two neighbours swapped) that the caller may read: the
    /// number an organizer most likely meant. Found by asking for every such number at once
    /// (a few hundred keys, one query), so it costs the same at a thousand people or a million.
    func personNotFound(_ key: String) async -> ServiceError {
        let candidates = Self.oneSlipAway(from: key)
        guard !candidates.isEmpty, let found = try? await store.people(numbers: candidates), !found.isEmpty else {
            return .personNotFound(key)
        }
        var near: [PersonProfile] = []
        for person in found.values.sorted(by: { $0.number.utf8.lexicographicallyPrecedes($1.number.utf8) }) {
            if caller != nil {
                // Someone outside the caller's subtrees is never named, as they are never found.
                guard let file = try? await personFile(person, data: []), (try? authorizeReading(file, key: key)) != nil else { continue }
            }
            near.append(person)
            if near.count == 5 { break }
        }
        return .personNotFound(key, near: near.map { "\($0.number) (\($0.name))" })
    }

    /// Every text one slip away from `key`, over the digits, the ASCII capitals and the
    /// characters of `key` itself. Empty for a key too long to be a person number.
    static func oneSlipAway(from key: String) -> Set<String> {
        let characters = Array(key)
        guard !characters.isEmpty, characters.count <= 32 else { return [] }
        var alphabet = Set("0123456789".map { $0 })
        alphabet.formUnion(characters)
        if characters.contains(where: { $0.isLetter && $0.isASCII }) { alphabet.formUnion("ABCDEFGHIJKLMNOPQRSTUVWXYZ".map { $0 }) }
        var variants: Set<String> = []
        for index in characters.indices {
            var dropped = characters
            dropped.remove(at: index)
            variants.insert(String(dropped))
            for replacement in alphabet where replacement != characters[index] {
                var changed = characters
                changed[index] = replacement
                variants.insert(String(changed))
            }
            if index + 1 < characters.count, characters[index] != characters[index + 1] {
                var swapped = characters
                swapped.swapAt(index, index + 1)
                variants.insert(String(swapped))
            }
        }
        for index in 0...characters.count {
            for addition in alphabet {
                var added = characters
                added.insert(addition, at: index)
                variants.insert(String(added))
            }
        }
        variants.remove(key)
        variants.remove("")
        return variants
    }
}
