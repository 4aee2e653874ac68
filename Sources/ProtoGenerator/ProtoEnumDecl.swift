/// `enum Name { A = 0; B = 1; }`. proto3 enums are open: numbers not listed are kept.
public struct ProtoEnumDecl: Sendable, Hashable {
    public var name: String
    public var values: [ProtoEnumValueDecl]
    public var reservedRanges: [ProtoReservedRange]
    public var reservedNames: [String]
    public var options: [ProtoOption]
    public var comment: [String]
    public var location: ProtoSourceLocation

    public init(name: String, values: [ProtoEnumValueDecl] = [], reservedRanges: [ProtoReservedRange] = [],
                reservedNames: [String] = [], options: [ProtoOption] = [], comment: [String] = [],
                location: ProtoSourceLocation) {
        self.name = name
        self.values = values
        self.reservedRanges = reservedRanges
        self.reservedNames = reservedNames
        self.options = options
        self.comment = comment
        self.location = location
    }

    /// `option allow_alias = true;`: several names may share a number.
    public var allowsAlias: Bool { options.option("allow_alias")?.value.boolValue ?? false }
}

/// One `NAME = number;` of an enum.
public struct ProtoEnumValueDecl: Sendable, Hashable {
    public var name: String
    public var number: Int32
    public var options: [ProtoOption]
    public var comment: [String]
    public var location: ProtoSourceLocation

    public init(name: String, number: Int32, options: [ProtoOption] = [], comment: [String] = [], location: ProtoSourceLocation) {
        self.name = name
        self.number = number
        self.options = options
        self.comment = comment
        self.location = location
    }
}
