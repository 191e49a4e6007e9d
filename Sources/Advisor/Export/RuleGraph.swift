import RulesEngine

/// The rules of a rule set as a graph: the facts each rule reads and derives, the options it
/// scores and blocks and the warnings it raises, so the chains (input facts → rules → derived
/// facts → rules → …) can be seen. Rendered as Mermaid (``mermaid``) or Graphviz DOT (``dot``).
///
/// Only what the rules touch is drawn: a declared fact, option or warning no rule names is left
/// out (`rules lint` reports those).
public struct RuleGraph: Sendable {
    /// The text formats a graph is written in.
    public enum Format: String, Sendable, CaseIterable {
        case mermaid, dot
    }

    /// What a node stands for; each kind has its own shape and colour.
    public enum NodeKind: String, Sendable, CaseIterable {
        case inputFact = "input"
        case derivedFact = "derived"
        case rule
        case option
        case warning
    }

    public struct Node: Sendable, Hashable {
        public var kind: NodeKind
        /// The fact's, rule's, option's or warning's name.
        public var name: String
        /// The label, one entry a line (the name first).
        public var lines: [String]
    }

    /// What an edge says.
    public enum EdgeKind: String, Sendable {
        /// A fact the rule's condition reads.
        case reads
        /// A fact the rule derives; labelled with the value.
        case derives
        /// An option the rule scores; labelled with the amount.
        case scores
        /// An option the rule blocks; labelled with the reason.
        case blocks
        /// A warning the rule raises.
        case raises
    }

    public struct Edge: Sendable, Hashable {
        /// Indices into ``nodes``.
        public var from: Int
        public var to: Int
        public var kind: EdgeKind
        public var label: String?
    }

    /// Input facts, derived facts, rules (in firing order: salience, then id), options, warnings.
    public private(set) var nodes: [Node] = []
    /// Reads first, then each rule's actions in order; no edge twice.
    public private(set) var edges: [Edge] = []

    /// The graph of `ruleSet`.
    /// - Complexity: O(n log n) in the size of the rules.
    public init(_ ruleSet: RuleSet) {
        let rules = ruleSet.rules.sorted { ($0.salience, $1.id) > ($1.salience, $0.id) }
        var readFacts = Set<String>(), derivedFacts = Set<String>(), options = Set<String>(), warnings = Set<String>()
        for rule in rules {
            readFacts.formUnion(rule.condition?.facts ?? [])
            for action in rule.actions {
                switch action.value {
                case .derive(let fact, _): derivedFacts.insert(fact)
                case .score(let option, _), .block(let option, _): options.insert(option)
                case .warn(let id): warnings.insert(id)
                }
            }
        }
        var index: [String: Int] = [:]
        func add(_ kind: NodeKind, _ name: String, _ lines: [String]) {
            index[Self.key(kind, name)] = nodes.count
            nodes.append(Node(kind: kind, name: name, lines: lines))
        }
        let used = readFacts.union(derivedFacts)
        for fact in ruleSet.facts where fact.isInput && used.contains(fact.name) { add(.inputFact, fact.name, [fact.name]) }
        for fact in ruleSet.facts where !fact.isInput && used.contains(fact.name) { add(.derivedFact, fact.name, [fact.name]) }
        for rule in rules { add(.rule, rule.id, [rule.id, "salience \(rule.salience)"]) }
        for option in ruleSet.options where options.contains(option.name) { add(.option, option.name, [option.name]) }
        for warning in ruleSet.warnings where warnings.contains(warning.id) {
            add(.warning, warning.id, [warning.id, warning.severity.rawValue])
        }

        var seen = Set<Edge>()
        func connect(_ from: Int?, _ to: Int?, _ kind: EdgeKind, _ label: String? = nil) {
            guard let from, let to else { return }
            let edge = Edge(from: from, to: to, kind: kind, label: label)
            if seen.insert(edge).inserted { edges.append(edge) }
        }
        for rule in rules {
            let node = index[Self.key(.rule, rule.id)]
            for fact in rule.condition?.facts ?? [] { connect(factNode(fact, index), node, .reads) }
        }
        for rule in rules {
            let node = index[Self.key(.rule, rule.id)]
            for action in rule.actions {
                switch action.value {
                case .derive(let fact, let value):
                    connect(node, factNode(fact, index), .derives, "= " + Self.text(value))
                case .score(let option, let amount):
                    connect(node, index[Self.key(.option, option)], .scores, (amount < 0 ? "" : "+") + Value.number(amount).description)
                case .block(let option, let reason):
                    connect(node, index[Self.key(.option, option)], .blocks, "block: " + reason)
                case .warn(let id):
                    connect(node, index[Self.key(.warning, id)], .raises)
                }
            }
        }
    }

    /// The graph as text in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .mermaid: mermaid
        case .dot: dot
        }
    }

    private func factNode(_ name: String, _ index: [String: Int]) -> Int? { index[Self.key(.inputFact, name)] }

    /// A node's key in the index: facts share one namespace whatever their kind (a fact is
    /// declared once, as an input or as derived).
    private static func key(_ kind: NodeKind, _ name: String) -> String {
        (kind == .derivedFact ? NodeKind.inputFact : kind).rawValue + "\u{0}" + name
    }

    /// A value as a label shows it: strings without quotes.
    static func text(_ value: Value) -> String {
        switch value {
        case .string(let s): s
        case .list(let items): "[" + items.joined(separator: ", ") + "]"
        case .bool, .number: value.description
        }
    }
}
