/// Near misses: the known word a mistyped one most likely meant ("did you mean").
public enum Spelling {
    /// The candidate closest to `text` by edit distance (letters added, dropped, changed or two
    /// swapped), ignoring case, if it is close enough to be a typing slip: at most one edit for a
    /// word of up to four characters, two up to eight, three beyond. Nil when none is, or when
    /// two different candidates are equally close.
    public static func closest(to text: String, among candidates: [String]) -> String? {
        let typed = Array(text.lowercased())
        guard !typed.isEmpty, typed.count <= 100 else { return nil }
        let allowed = typed.count <= 4 ? 1 : typed.count <= 8 ? 2 : 3
        var best: (candidate: String, distance: Int)?
        var tied = false
        for candidate in candidates {
            let word = Array(candidate.lowercased())
            guard abs(word.count - typed.count) <= allowed, word.count <= 100 else { continue }
            let distance = editDistance(typed, word)
            guard distance <= allowed else { continue }
            if let current = best {
                if distance < current.distance {
                    best = (candidate, distance)
                    tied = false
                } else if distance == current.distance, candidate != current.candidate {
                    tied = true
                }
            } else {
                best = (candidate, distance)
            }
        }
        guard let best, !tied, best.distance > 0 || text != best.candidate else { return nil }
        return best.candidate
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
