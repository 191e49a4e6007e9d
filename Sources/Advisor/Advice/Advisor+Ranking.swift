import RulesEngine

extension Advisor {

    /// Every method with its score, blocks and deciding rules.
    func ranking(_ result: EvaluationResult) -> [Advice.MethodRank] {
        knowledgeBase.methods.map { method in
            var rules: [String] = []
            for c in result.contributions(to: method) where !rules.contains(c.rule) { rules.append(c.rule) }
            var reasons: [String] = []
            for b in result.blocks(of: method) {
                if !reasons.contains(b.reason) { reasons.append(b.reason) }
                if !rules.contains(b.rule) { rules.append(b.rule) }
            }
            return Advice.MethodRank(method: method, score: result.score(of: method), blocked: !reasons.isEmpty, reasons: reasons, rules: rules, note: nil)
        }
    }

    /// The unblocked method with the highest score; ties go to the earlier method in the
    /// declared order (online, store, phone). Nil when every method is blocked.
    static func choose(_ ranking: [Advice.MethodRank]) -> Advice.MethodRank? {
        chooseIndex(ranking.count, score: { ranking[$0].score }, blocked: { ranking[$0].blocked }).map { ranking[$0] }
    }

    /// The index of the unblocked option with the highest score, the earliest on a tie.
    @inline(__always)
    static func chooseIndex(_ count: Int, score: (Int) -> Double, blocked: (Int) -> Bool) -> Int? {
        var best: Int?
        var bestScore = 0.0
        for i in 0..<count where !blocked(i) {
            let s = score(i)
            if best == nil || s > bestScore { best = i; bestScore = s }
        }
        return best
    }

    /// The raised warnings that apply to the chosen method, most severe first.
    func visibleWarnings(_ result: EvaluationResult, method: String) -> [EvaluationResult.Warning] {
        result.warnings.filter { w in knowledgeBase.warningScope[w.id].map { $0.contains(method) } ?? true }
    }
}
