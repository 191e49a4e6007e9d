import RulesEngine

/// The classes of profiles that the rules cannot tell apart, so that a batch evaluates one
/// profile of each class and reuses its advice for the others.
///
/// A field's values fall into classes by what the rules' comparisons can see of them: a
/// number by where it stands among the constants it is compared with (below the first, equal
/// to it, between it and the next, ...), a list by which of the items the rules mention it
/// holds, a choice (a boolean, an enumeration, the carrier) by its value. Two profiles whose
/// fields are in the same classes make every comparison come out the same, so the rules fire
/// the same way, the same fields are missing, and the advice is the same but for the id.
/// The advice reads nothing else of a profile (``Advisor/assemble``: the id, the carrier and
/// which fields were given), and a class keeps the carrier and which fields were given.
///
/// A field whose comparisons this cannot reason about (a number compared with another fact,
/// a list compared as a whole) leaves the profile without classes: ``init(_:)`` returns nil and
/// every profile is evaluated.
struct ProfileClasses: Sendable {
    enum Kind: Sendable {
        /// Code `1 + index` of the value.
        case choice([Value])
        /// Code `1 + rank` among the sorted constants: `2i + 1` for equal to constant `i`, `2i` for below it.
        case numbers([Double])
        /// Code `1 + bitmask` of the mentioned items the list holds.
        case items([String])
    }

    struct Field: Sendable {
        var name: String
        var kind: Kind
        /// Where the field's code stands in the key: word 0 or 1, and the shift in it.
        var word: Int
        var shift: Int
        /// The bits of the code, at the right of the word: `(1 << bits) - 1`.
        var mask: UInt64
        /// The least value of a number field (smaller ones are rejected when read).
        var minimum: Double?
    }

    let fields: [Field]
    let index: [String: Int]
    /// For each field (by index) and each code of it (by code; nothing at 0, not given), the
    /// facts a value of that class sets (a carrier sets its policy too), made ready; nil where
    /// none could be made. See ``facts(_:into:)``.
    let readyFacts: [[[FactBuffer.Encoded]?]]

    /// - Returns: nil when some field has no classes, or the codes do not fit in a key.
    init?(_ advisor: Advisor) {
        let kb = advisor.knowledgeBase
        var fields: [Field] = []
        var word = 0, used = 0
        for field in kb.profileFields {
            guard let kind = Self.kind(of: field, advisor) else { return nil }
            let bits = Self.bits(kind)
            if used + bits > 64 { word += 1; used = 0 }
            guard word < 2, bits <= 64 else { return nil }
            fields.append(Field(name: field.name, kind: kind, word: word, shift: used, mask: bits >= 64 ? ~0 : (1 << UInt64(bits)) - 1,
                                minimum: kb.minimum(of: field.name)))
            used += bits
        }
        self.fields = fields
        index = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
        readyFacts = fields.map { field in
            let values: [Value?]
            switch field.kind {
            case .choice(let choices): values = choices
            case .numbers(let constants):
                values = (0...(2 * constants.count)).map { rank in
                    Self.number(ranked: rank, among: constants, minimum: field.minimum).map(Value.number)
                }
            case .items(let mentioned):
                // Every subset of the mentioned items, when there are few enough.
                guard mentioned.count <= 10 else { return [nil] }
                values = (0..<(1 << mentioned.count)).map { mask in
                    .list(mentioned.indices.filter { mask & (1 << $0) != 0 }.map { mentioned[$0] })
                }
            }
            return [nil] + values.map { value in value.flatMap { advisor.ready(field.name, $0) } }
        }
    }

    /// The facts of a profile of class `key` (as ``Advisor/facts(for:)`` makes them for any
    /// profile of the class) in `buffer`; false when some code has none made ready (the class
    /// is then advised from its ``representative(_:)``).
    func facts(_ key: ProfileKey, into buffer: inout FactBuffer) -> Bool {
        buffer.removeAll()
        for i in fields.indices {
            let c = Int(code(key, i))
            guard c != 0 else { continue }
            guard c < readyFacts[i].count, let facts = readyFacts[i][c] else { return false }
            for f in facts { buffer.set(f) }
        }
        return true
    }

    /// The carrier a profile of class `key` names, if any.
    func carrier(_ key: ProfileKey) -> String? {
        guard let i = index[Profile.carrierField], case .choice(let choices) = fields[i].kind else { return nil }
        let c = Int(code(key, i))
        guard c > 0, c <= choices.count, case .string(let id) = choices[c - 1] else { return nil }
        return id
    }

    /// The class of a profile; nil when a value falls outside its field's classes (which a
    /// profile read by ``ProfileReader`` never does).
    func key(_ profile: Profile) -> ProfileKey? {
        var key = ProfileKey()
        for (name, value) in profile.values {
            guard let i = index[name], let code = code(value, fields[i].kind) else { return nil }
            key.set(code, fields[i])
        }
        return key
    }

    /// The code of field `field` (an index into `fields`) in `key`: 0 when not given.
    @inline(__always)
    func code(_ key: ProfileKey, _ field: Int) -> UInt64 {
        let f = fields[field]
        return ((f.word == 0 ? key.words.0 : key.words.1) >> UInt64(f.shift)) & f.mask
    }

    func code(_ value: Value, _ kind: Kind) -> UInt64? {
        switch (kind, value) {
        case (.choice(let values), _):
            return values.firstIndex(of: value).map { UInt64($0) + 1 }
        case (.numbers(let constants), .number(let n)):
            return UInt64(Self.rank(n, constants)) + 1
        case (.items(let mentioned), .list(let items)):
            var mask: UInt64 = 0
            for item in items { if let i = mentioned.firstIndex(of: item) { mask |= 1 << UInt64(i) } }
            return mask + 1
        default:
            return nil
        }
    }

    /// Where `n` stands among the sorted `constants`: `2i + 1` when equal to the i-th, `2i`
    /// when below it and above the one before.
    static func rank(_ n: Double, _ constants: [Double]) -> Int {
        for (i, c) in constants.enumerated() {
            if n < c { return 2 * i }
            if n == c { return 2 * i + 1 }
        }
        return 2 * constants.count
    }

    static func bits(_ kind: Kind) -> Int {
        let largest: Int
        switch kind {
        case .choice(let values): largest = values.count
        case .numbers(let constants): largest = 2 * constants.count + 1
        case .items(let mentioned): return mentioned.count + 1
        }
        return Int.bitWidth - largest.leadingZeroBitCount
    }

    /// How the rules can tell a field's values apart, or nil when they can tell more than this
    /// type reasons about.
    static func kind(of field: KnowledgeBase.ProfileField, _ advisor: Advisor) -> Kind? {
        let ruleSet = advisor.knowledgeBase.ruleSet
        let comparisons = ruleSet.comparisons(involving: field.name)
        switch field.type {
        case .bool:
            return .choice([.bool(true), .bool(false)])
        case .enumeration(let values):
            return .choice(values.map(Value.string))
        case .string:
            // The carrier brings its policy and texts: each carrier is its own class.
            guard field.name == Profile.carrierField else { return nil }
            return .choice(advisor.knowledgeBase.carrierIDs.map(Value.string))
        case .number:
            var constants: Set<Double> = []
            for c in comparisons {
                switch (c.op, c.operand) {
                case (.known, _), (.unknown, _): continue
                case (.equal, .value(.number(let n))), (.notEqual, .value(.number(let n))),
                     (.less, .value(.number(let n))), (.lessOrEqual, .value(.number(let n))),
                     (.greater, .value(.number(let n))), (.greaterOrEqual, .value(.number(let n))):
                    constants.insert(n)
                default: return nil
                }
            }
            return .numbers(constants.sorted())
        case .list:
            var mentioned: Set<String> = []
            for c in comparisons {
                switch (c.op, c.operand) {
                case (.known, _), (.unknown, _): continue
                case (.contains, .value(.string(let s))) where c.fact == field.name: mentioned.insert(s)
                case (.intersects, .value(.list(let items))) where c.fact == field.name: mentioned.formUnion(items)
                case (.intersects, .fact(let other)):
                    // The other list's values: known only for a carrier's policy.
                    let name = other == field.name ? c.fact : other
                    guard let values = advisor.policyValues(of: name) else { return nil }
                    for case .list(let items) in values { mentioned.formUnion(items) }
                default: return nil
                }
            }
            guard mentioned.count < 63 else { return nil }
            return .items(mentioned.sorted())
        }
    }
}

/// A profile's class: each field's code at its place; 0 for a field not given.
struct ProfileKey: Hashable, Sendable {
    var words: (UInt64, UInt64) = (0, 0)

    mutating func set(_ code: UInt64, _ field: ProfileClasses.Field) {
        if field.word == 0 { words.0 |= code << UInt64(field.shift) } else { words.1 |= code << UInt64(field.shift) }
    }

    static func == (a: ProfileKey, b: ProfileKey) -> Bool { a.words == b.words }
    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }
}

extension Advisor {
    /// Every value a policy fact takes over the carriers, or nil for a fact that is not a policy's.
    func policyValues(of fact: String) -> [Value]? {
        guard let slot = knowledgeBase.ruleSet.slot(of: fact), policySlots.contains(slot) else { return nil }
        return policyFacts.values.flatMap { $0.filter { $0.slot == slot }.map(\.value) }
    }
}

extension ProfileClasses {
    /// A profile of class `key`: one value of each given field's class (the choice itself, a
    /// number standing where the class stands among the constants, the mentioned items of the
    /// mask). Every profile of a class gets the same advice but for the id, so this one's
    /// advice is the class's. Nil when a code is out of its field's range or no value of a
    /// number class is found (the caller then reads the record itself).
    func representative(_ key: ProfileKey) -> Profile? {
        var values: [(field: String, value: Value)] = []
        for (i, field) in fields.enumerated() {
            let code = code(key, i)
            guard code != 0 else { continue }
            let value: Value
            switch field.kind {
            case .choice(let choices):
                guard code <= UInt64(choices.count) else { return nil }
                value = choices[Int(code) - 1]
            case .numbers(let constants):
                let rank = Int(code) - 1
                guard let n = Self.number(ranked: rank, among: constants, minimum: field.minimum) else { return nil }
                value = .number(n)
            case .items(let mentioned):
                let mask = code - 1
                guard mask >> UInt64(mentioned.count) == 0 else { return nil }
                value = .list(mentioned.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { mentioned[$0] })
            }
            values.append((field.name, value))
        }
        return Profile(values: values)
    }

    /// A number of rank `target` among the sorted `constants` (see ``rank(_:_:)``), not below
    /// `minimum`: a whole one next to a constant where there is one, else a midpoint.
    static func number(ranked target: Int, among constants: [Double], minimum: Double?) -> Double? {
        let i = target / 2
        let candidates: [Double]
        if target % 2 == 1 {
            guard i < constants.count else { return nil }
            candidates = [constants[i]]
        } else if constants.isEmpty {
            candidates = [minimum ?? 0]
        } else if i == 0 {
            candidates = [constants[0] - 1] + (minimum.map { [($0 + constants[0]) / 2, $0] } ?? [])
        } else if i == constants.count {
            candidates = [constants[i - 1] + 1]
        } else {
            candidates = [constants[i - 1] + 1, (constants[i - 1] + constants[i]) / 2]
        }
        return candidates.first { Self.rank($0, constants) == target && $0 >= minimum ?? -.infinity }
    }
}
