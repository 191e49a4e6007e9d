/// Reading a profile's class straight from the bytes of a JSON object, without parsing it
/// into nodes or building a ``Profile``: the batch's fast path.
///
/// It reads only the plain form of a valid profile: an object whose keys are the profile's
/// fields and `id`, each once, with `null`, `true`/`false`, a whole number without sign or
/// exponent, a string without escapes (an id, or exactly one of its field's values), or an
/// array of such strings. Anything else (escapes, other spellings, other types, errors of any
/// kind) returns nil, and the record takes the slow path, which reads every valid profile and
/// reports every invalid one; so whatever this accepts, the slow path reads to the same class.
extension ProfileClasses {
    /// A profile read from bytes: its class, and where its id's text stands (nil for none).
    struct Scanned {
        var key: ProfileKey
        var id: Range<Int>?
    }

    /// The bytes of each field's name and of each choice's value, for the scanner. Each thread
    /// makes its own: arrays shared by threads would have their reference counts contended.
    struct ByteTables: Sendable {
        var names: _ByteLookup
        /// For each field, its choices (none for other kinds).
        var choices: [_ByteLookup]
        /// For each list field, the mentioned items.
        var items: [_ByteLookup]
        var id = Array("id".utf8)
        var null = Array("null".utf8)
    }

    func byteTables() -> ByteTables {
        let choices = fields.map { field -> [[UInt8]] in
            guard case .choice(let values) = field.kind else { return [] }
            return values.map { value in
                switch value {
                case .string(let s): Array(s.utf8)
                case .bool(let b): Array((b ? "true" : "false").utf8)
                default: []
                }
            }
        }
        return ByteTables(
            names: _ByteLookup(fields.map { Array($0.name.utf8) }),
            choices: choices.map(_ByteLookup.init),
            items: fields.map { field in
                guard case .items(let items) = field.kind else { return _ByteLookup([]) }
                return _ByteLookup(items.map { Array($0.utf8) })
            })
    }

    /// The class of the profile in `bytes`, or nil when it is not in the plain form.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ tables: ByteTables) -> Scanned? {
        var s = _Scanner(bytes)
        var key = ProfileKey()
        var id: Range<Int>?
        var seen: UInt64 = 0, seenID = false
        s.space()
        guard s.take(UInt8(ascii: "{")) else { return nil }
        s.space()
        if s.take(UInt8(ascii: "}")) { return s.atEnd() ? Scanned(key: key, id: nil) : nil }
        while true {
            guard let name = s.string() else { return nil }
            s.space()
            guard s.take(UInt8(ascii: ":")) else { return nil }
            s.space()
            if s.equal(name, tables.id) {
                guard !seenID else { return nil }
                seenID = true
                if !s.literal(tables.null) {
                    guard let text = s.string() else { return nil }
                    id = text
                }
            } else {
                guard let f = tables.names.find(name, in: s), seen & (1 << UInt64(f)) == 0 else { return nil }
                seen |= 1 << UInt64(f)
                if !s.literal(tables.null) {
                    guard let code = value(&s, fields[f].kind, tables, f) else { return nil }
                    key.set(code, fields[f])
                }
            }
            s.space()
            if s.take(UInt8(ascii: ",")) { s.space(); continue }
            guard s.take(UInt8(ascii: "}")) else { return nil }
            return s.atEnd() ? Scanned(key: key, id: id) : nil
        }
    }

    func value(_ s: inout _Scanner, _ kind: Kind, _ tables: ByteTables, _ f: Int) -> UInt64? {
        switch kind {
        case .choice(let values):
            if case .bool? = values.first {
                if s.literal(tables.choices[f].words[0]) { return 1 }
                if s.literal(tables.choices[f].words[1]) { return 2 }
                return nil
            }
            guard let text = s.string(), let i = tables.choices[f].find(text, in: s) else { return nil }
            return UInt64(i) + 1
        case .numbers(let constants):
            guard let n = s.wholeNumber(), Double(n) >= fields[f].minimum ?? -.infinity else { return nil }
            return UInt64(Self.rank(Double(n), constants)) + 1
        case .items:
            guard s.take(UInt8(ascii: "[")) else { return nil }
            var mask: UInt64 = 0
            s.space()
            if s.take(UInt8(ascii: "]")) { return 1 }
            while true {
                guard let text = s.string() else { return nil }
                if let i = tables.items[f].find(text, in: s) { mask |= 1 << UInt64(i) }
                s.space()
                if s.take(UInt8(ascii: ",")) { s.space(); continue }
                guard s.take(UInt8(ascii: "]")) else { return nil }
                return mask + 1
            }
        }
    }
}

/// A cursor over the bytes of one record, for ``ProfileClasses/scan(_:_:)``.
struct _Scanner {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    mutating func space() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard i < b.count, b[i] == byte else { return false }
        i += 1
        return true
    }

    mutating func atEnd() -> Bool {
        space()
        return i == b.count
    }

    /// A string of printable ASCII without escapes; its text's range (inside the quotes).
    mutating func string() -> Range<Int>? {
        guard take(0x22) else { return nil }
        let start = i
        while i < b.count {
            let c = b[i]
            if c == 0x22 { i += 1; return start..<(i - 1) }
            guard c >= 0x20, c < 0x7F, c != 0x5C else { return nil }
            i += 1
        }
        return nil
    }

    /// `true`, `false` or `null`, not followed by more of a word.
    mutating func literal(_ word: [UInt8]) -> Bool {
        guard b.count - i >= word.count else { return false }
        for k in 0..<word.count where b[i + k] != word[k] { return false }
        let end = i + word.count
        if end < b.count, (b[end] >= 0x61 && b[end] <= 0x7A) || (b[end] >= 0x30 && b[end] <= 0x39) { return false }
        i = end
        return true
    }

    /// A whole number of up to 15 digits, without sign, fraction or exponent (and no leading zero).
    mutating func wholeNumber() -> Int? {
        let start = i
        var n = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            // Past 15 digits the number is refused anyway: stop adding before it can overflow.
            if i - start < 15 { n = n * 10 + Int(b[i] - 0x30) }
            i += 1
        }
        let digits = i - start
        guard digits > 0, digits <= 15, !(digits > 1 && b[start] == 0x30) else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") { return nil }
        return n
    }

    func equal(_ range: Range<Int>, _ word: [UInt8]) -> Bool {
        guard range.count == word.count else { return false }
        for k in 0..<word.count where b[range.lowerBound + k] != word[k] { return false }
        return true
    }
}

/// Finds which of a few words some bytes are: the words are kept in buckets by length and
/// first byte, so a lookup compares with one word, seldom more.
struct _ByteLookup: Sendable {
    let words: [[UInt8]]
    /// For each bucket, the indices of its words.
    let buckets: [[Int]]
    static let size = 32 * 64

    init(_ words: [[UInt8]]) {
        self.words = words
        var buckets = [[Int]](repeating: [], count: Self.size)
        for (i, w) in words.enumerated() { buckets[Self.bucket(w.count, w.first ?? 0)].append(i) }
        self.buckets = buckets
    }

    static func bucket(_ count: Int, _ first: UInt8) -> Int { (count & 31) << 6 | Int(first & 63) }

    /// The index of the word that the bytes at `range` of `s` spell, if any.
    func find(_ range: Range<Int>, in s: _Scanner) -> Int? {
        let first = range.isEmpty ? 0 : s.b[range.lowerBound]
        for i in buckets[Self.bucket(range.count, first)] where s.equal(range, words[i]) { return i }
        return nil
    }
}
