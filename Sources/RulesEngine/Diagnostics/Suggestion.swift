/// Nearest-name suggestions for "did you mean" messages.
public enum Suggestion {
    /// The candidate closest to `name` by edit distance, when it is close enough to be a likely typo.
    ///
    /// Among equally distant candidates the one sharing the longest prefix with `name` wins (so
    /// `=` suggests `==`, not `<`), then the smallest.
    /// - Complexity: O(c · n · m) for c candidates of length m and a name of length n.
    public static func nearest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (name: String, distance: Int, prefix: Int)?
        for candidate in candidates {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            let d = distance(target, scalars)
            let p = zip(target, scalars).prefix { $0 == $1 }.count
            if let b = best, d > b.distance || (d == b.distance && (p < b.prefix || (p == b.prefix && candidate >= b.name))) { continue }
            best = (candidate, d, p)
        }
        guard let best else { return nil }
        let limit = max(2, min(target.count, best.name.unicodeScalars.count) / 3)
        return best.distance <= limit ? best.name : nil
    }

    /// ` (did you mean 'x'?)` or the empty string.
    public static func hint<S: Sequence>(for name: String, in candidates: S) -> String where S.Element == String {
        nearest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
