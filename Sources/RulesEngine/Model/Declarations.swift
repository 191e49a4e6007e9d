/// A fact the rules may read: its name, type, and whether an input gives it or only rules derive it.
public struct FactDeclaration: Sendable, Hashable {
    public var name: String
    public var type: FactType
    /// True when the fact comes from the input (a profile, a policy); rules may not derive it.
    public var isInput: Bool
    public var description: String
    public var location: SourceLocation

    public init(name: String, type: FactType, isInput: Bool, description: String = "", location: SourceLocation) {
        self.name = name
        self.type = type
        self.isInput = isInput
        self.description = description
        self.location = location
    }
}

/// A warning the rules may raise, with its severity.
public struct WarningDeclaration: Sendable, Hashable {
    public var id: String
    public var severity: WarningSeverity
    public var location: SourceLocation

    public init(id: String, severity: WarningSeverity, location: SourceLocation) {
        self.id = id
        self.severity = severity
        self.location = location
    }
}

/// How severe a raised warning is; results list the most severe first.
public enum WarningSeverity: String, Sendable, Hashable, CaseIterable, Comparable {
    case critical, high, medium, low

    public var rank: Int {
        switch self {
        case .critical: 0
        case .high: 1
        case .medium: 2
        case .low: 3
        }
    }

    public static func < (a: WarningSeverity, b: WarningSeverity) -> Bool { a.rank < b.rank }
}

/// An option the rules may score and block (for example, a method of doing something).
public struct OptionDeclaration: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}
