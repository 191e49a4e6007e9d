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
        /// Each field's choices, in the field's group (none for other kinds).
        var choices: _ByteLookup
        /// Each list field's mentioned items, in the field's group.
        var itemLookup: _ByteLookup
        var id = Array("id".utf8)
        var null = Array("null".utf8)
        var trueWord = Array("true".utf8)
        var falseWord = Array("false".utf8)
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
            names: _ByteLookup([fields.map { Array($0.name.utf8) }]),
            choices: _ByteLookup(choices),
            itemLookup: _ByteLookup(fields.map { field in
                guard case .items(let items) = field.kind else { return [] }
                return items.map { Array($0.utf8) }
            }))
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
                guard let f = tables.names.find(name, in: s, group: 0), seen & (1 << UInt64(f)) == 0 else { return nil }
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
            if case .bool(let first)? = values.first {
                // A boolean field's choices are its two values.
                let b: Bool
                if s.literal(tables.trueWord) { b = true } else if s.literal(tables.falseWord) { b = false } else { return nil }
                return b == first ? 1 : 2
            }
            guard let text = s.string(), let i = tables.choices.find(text, in: s, group: f) else { return nil }
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
                if let i = tables.itemLookup.find(text, in: s, group: f) { mask |= 1 << UInt64(i) }
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

/// Finds which of a few words some bytes are, each word in a group (a field): one table of
/// plain integers, hashed by length, first and last byte and group, so that a lookup reads no
/// nested array and compares with one word, seldom more.
struct _ByteLookup: Sendable {
    /// The words' bytes one after another: word w is `bytes[start[w] ..< start[w + 1]]`, in
    /// group `group[w]`, where it is word `index[w]`.
    let bytes: [UInt8]
    let start: [Int]
    let group: [Int]
    let index: [Int]
    /// For each slot of the table, its first word plus one (0 for none); `next[w]`, the word
    /// after w in its slot plus one.
    let table: [Int32]
    let next: [Int32]
    /// Each word's first 16 bytes as two little-endian words, zero past its end, for comparing
    /// a word of up to 16 bytes in two loads.
    let low: [UInt64]
    let high: [UInt64]
    static let size = 4_096

    /// - Parameter groups: for each group, its words.
    init(_ groups: [[[UInt8]]]) {
        var bytes: [UInt8] = [], start: [Int] = [0], group: [Int] = [], index: [Int] = []
        for (g, words) in groups.enumerated() {
            for (i, w) in words.enumerated() {
                bytes += w
                start.append(bytes.count)
                group.append(g)
                index.append(i)
            }
        }
        var table = [Int32](repeating: 0, count: Self.size), next = [Int32](repeating: 0, count: group.count)
        // Each word is put first in its slot, in reverse, so a slot's words are found in order.
        for w in group.indices.reversed() {
            let word = bytes[start[w]..<start[w + 1]]
            let slot = Self.slot(word.count, word.first ?? 0, word.last ?? 0, group[w])
            next[w] = table[slot]
            table[slot] = Int32(w + 1)
        }
        self.bytes = bytes
        self.start = start
        self.group = group
        self.index = index
        self.table = table
        self.next = next
        func packed(_ w: Int, from: Int) -> UInt64 {
            var x: UInt64 = 0
            for k in 0..<8 where start[w] + from + k < start[w + 1] { x |= UInt64(bytes[start[w] + from + k]) << UInt64(8 * k) }
            return x
        }
        low = group.indices.map { packed($0, from: 0) }
        high = group.indices.map { packed($0, from: 8) }
    }

    /// The bits of the first `n` bytes of a little-endian word (all of them from 8 on).
    @inline(__always)
    static func mask(_ n: Int) -> UInt64 { n >= 8 ? ~0 : (1 << UInt64(8 * n)) &- 1 }

    @inline(__always)
    static func slot(_ count: Int, _ first: UInt8, _ last: UInt8, _ group: Int) -> Int {
        (count &* 31 &+ Int(first) &* 7 &+ Int(last) &+ group &* 131) & (size - 1)
    }

    /// The index in `group` of the word that the bytes at `range` of `s` spell, if any.
    func find(_ range: Range<Int>, in s: _Scanner, group g: Int) -> Int? {
        let n = range.count
        let first = n > 0 ? s.b[range.lowerBound] : 0, last = n > 0 ? s.b[range.upperBound - 1] : 0
        var w = Int(table[Self.slot(n, first, last, g)]) - 1
        // With 16 bytes to read from the start (a key or value is followed by more of the
        // record, almost always), a word of up to 16 bytes is compared in two loads.
        if n <= 16, range.lowerBound + 16 <= s.b.count, let base = s.b.baseAddress {
            let at = UnsafeRawPointer(base + range.lowerBound)
            let lo = at.loadUnaligned(as: UInt64.self).littleEndian & Self.mask(n)
            let hi = n > 8 ? at.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian & Self.mask(n - 8) : 0
            while w >= 0 {
                if low[w] == lo, high[w] == hi, group[w] == g, start[w + 1] - start[w] == n { return index[w] }
                w = Int(next[w]) - 1
            }
            return nil
        }
        while w >= 0 {
            let from = start[w]
            if group[w] == g, start[w + 1] - from == n {
                var k = 0
                while k < n, bytes[from + k] == s.b[range.lowerBound + k] { k += 1 }
                if k == n { return index[w] }
            }
            w = Int(next[w]) - 1
        }
        return nil
    }
}
