import RulesEngine

extension Advisor {
    /// One change of the profile: a field and the value it would need.
    public typealias Change = (field: String, value: Value)

    /// The smallest changes of the profile that would make `method` the advice: every single
    /// field whose change would do it, else every pair of fields (at most `limit` of them).
    ///
    /// Fields are tried with the values worth trying (both booleans, every enum value, the
    /// numbers the rules compare with and their neighbours), given or not. The carrier is not
    /// changed: the question is what would make this method right for this SIM.
    /// - Returns: the changes, smallest first; empty when `method` is already the advice or no
    ///   change of one or two fields makes it so.
    public func whyNot(_ method: String, for profile: Profile, limit: Int = 5) -> [[Change]] {
        let ruleSet = knowledgeBase.ruleSet
        guard let target = ruleSet.options.firstIndex(of: method) else { return [] }
        let base = facts(for: profile)
        // Nothing to explain when the method is already the advice, or the rules cannot decide.
        guard let baseSignature = probe(base), baseSignature.method != target,
              case .success(let result) = Result(catching: { () throws(EvaluationError) in try probeEvaluator.evaluate(base) })
        else { return [] }
        // Every field with the values it could take other than its own.
        let options: [(field: String, values: [Value])] = knowledgeBase.profileFields.filter { $0.name != Profile.carrierField }.map { field in
            let current = profile.value(of: field.name)
            let values = (fixedProbes[field.name] ?? probeValues(for: field, value: { result.value(of: $0) })).filter { $0 != current }
            return (field.name, values)
        }
        var scratch = FactBuffer(for: ruleSet)
        func chooses(_ changes: [Change]) -> Bool {
            scratch.assign(base)
            for c in changes { apply(c.field, c.value, to: &scratch) }
            return probe(scratch)?.method == target
        }
        var found: [[Change]] = []
        for (field, values) in options {
            // One value per field is enough to show the field matters.
            if let v = values.first(where: { chooses([(field, $0)]) }) { found.append([(field, v)]) }
            if found.count == limit { return found }
        }
        if !found.isEmpty { return found }
        for i in options.indices {
            for j in options.indices where j > i {
                search: for a in options[i].values {
                    for b in options[j].values where chooses([(options[i].field, a), (options[j].field, b)]) {
                        found.append([(options[i].field, a), (options[j].field, b)])
                        break search
                    }
                }
                if found.count == limit { return found }
            }
        }
        return found
    }
}
