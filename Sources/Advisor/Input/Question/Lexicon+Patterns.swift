import Foundation
import RulesEngine

// MARK: - Stages 5 and 6: patterns with gaps, negation with scope

/// A pattern found in a question: which pattern and the tokens its parts matched.
struct _Match {
    var pattern: Int
    var tokens: [Int]
    var first: Int { tokens[0] }
    var last: Int { tokens[tokens.count - 1] }
}

extension Lexicon {
    static func gap(for token: _Token) -> Int { token.kind == .cjk ? cjkGap : latinGap }

    /// Finds the patterns in the tokens, most specific first; a token matched once is not
    /// matched again (`不想保留号码` wins over the `保留号码` inside it), but the tokens between the
    /// parts of a pattern stay free (`keep my au number` also gives the carrier).
    func match(_ tokens: [_Token], _ patterns: [Pattern], _ index: [String: [Int]], breaks: [Bool]) -> [_Match] {
        var candidates: [(pattern: Int, at: Int)] = []
        for (p, t) in tokens.enumerated() {
            for pattern in index[t.text] ?? [] { candidates.append((pattern, p)) }
        }
        candidates.sort { $0.pattern != $1.pattern ? $0.pattern < $1.pattern : $0.at < $1.at }
        var claimed = [Bool](repeating: false, count: tokens.count)
        var found: [_Match] = []
        func run(_ part: [String], at p: Int) -> Bool {
            guard p + part.count <= tokens.count else { return false }
            for (k, word) in part.enumerated() where claimed[p + k] || tokens[p + k].text != word { return false }
            return true
        }
        for (pattern, at) in candidates {
            let parts = patterns[pattern].parts
            guard run(parts[0], at: at) else { continue }
            var matched = Array(at..<at + parts[0].count)
            var ok = true
            for part in parts.dropFirst() {
                var q = matched.last! + 1
                var skipped = 0
                var placed = false
                while q < tokens.count, !breaks[q], skipped <= Self.gap(for: tokens[q]) {
                    if run(part, at: q) { matched += Array(q..<q + part.count); placed = true; break }
                    skipped += 1
                    q += 1
                }
                if !placed { ok = false; break }
            }
            guard ok else { continue }
            for t in matched { claimed[t] = true }
            found.append(_Match(pattern: pattern, tokens: matched))
        }
        return found
    }

    /// Which tokens end a clause: punctuation and the clause-break words.
    func clauseBreakMarks(_ tokens: [_Token]) -> [Bool] {
        var marks = tokens.map { $0.kind == .clauseBreak }
        for p in tokens.indices {
            for b in clauseBreaks where p + b.count <= tokens.count && zip(b, tokens[p..<p + b.count]).allSatisfy({ $0 == $1.text }) {
                for k in p..<p + b.count { marks[k] = true }
            }
        }
        return marks
    }

    /// Whether a match is negated: a negation word (not itself part of another match) in a gap
    /// between its parts, shortly before it (`not`, `不`), or shortly after it (`ない`), in the
    /// same clause. Returns the span of tokens from the match and its negation, or nil.
    func negation(of m: _Match, _ tokens: [_Token], breaks: [Bool], claimed: [Bool], by negators: [Negator]? = nil) -> ClosedRange<Int>? {
        let negators = negators ?? self.negators
        // Destination words count even where another pattern uses them ("号码转到乐天").
        let claimed = negators.isEmpty || negators == self.negators ? claimed : [Bool](repeating: false, count: claimed.count)
        let own = Set(m.tokens)
        // A pattern that says its own negation ("not in japan") is not negated again.
        if negators.contains(where: { n in m.tokens.indices.contains { i in
            i + n.tokens.count <= m.tokens.count && (0..<n.tokens.count).allSatisfy { tokens[m.tokens[i + $0]].text == n.tokens[$0] } } }) { return nil }
        func found(_ n: Negator, at s: Int) -> Bool {
            s >= 0 && s + n.tokens.count <= tokens.count
                && (0..<n.tokens.count).allSatisfy { k in tokens[s + k].text == n.tokens[k] && !claimed[s + k] && !own.contains(s + k) }
        }
        func reach(_ p: Int) -> Int { tokens[p].kind == .cjk ? Self.cjkReach : Self.latinReach }
        // Inside the gaps.
        for p in m.first...m.last where !own.contains(p) && negators.contains(where: { found($0, at: p) }) { return m.first...m.last }
        // Before: a negation ending within reach.
        var p = m.first - 1
        var steps = 0
        while p >= 0, !breaks[p], steps < reach(p) {
            if let n = negators.first(where: { !$0.reachesForward && found($0, at: p - $0.tokens.count + 1) }) { return (p - n.tokens.count + 1)...m.last }
            p -= 1
            steps += 1
        }
        // After: a negation starting within reach (Japanese puts it after the verb).
        p = m.last + 1
        steps = 0
        while p < tokens.count, !breaks[p], steps < reach(p) {
            if let n = negators.first(where: { $0.reachesForward && found($0, at: p) }) { return m.first...(p + n.tokens.count - 1) }
            p += 1
            steps += 1
        }
        return nil
    }
}
