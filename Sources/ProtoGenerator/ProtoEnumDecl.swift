/// `enum Name { A = 0; B = 1; }`. proto3 enums are open: numbers not listed are kept.
public struct ProtoEnumDecl: Sendable, Hashable {
    /// The enum's own name, unqualified (`ServingStatus`).
    public var name: String
    /// The values in declaration order; proto3 wants the first to be 0.
    public var values: [ProtoEnumValueDecl]
    /// `reserved` number ranges, which no value may use.
    public var reservedRanges: [ProtoReservedRange]
    /// `reserved` names, which no value may use.
    public var reservedNames: [String]
    /// The enum's options (`allow_alias`...).
    public var options: [ProtoOption]
    /// The comment documenting it in the .proto, one entry per line, markers removed.
    public var comment: [String]
    /// Where the `enum` keyword is, for errors.
    public var location: ProtoSourceLocation

    /// An enum with every part given or left empty.
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
    /// The value's name as written (`NOT_SERVING`).
    public var name: String
    /// Its number on the wire.
    public var number: Int32
    /// Its options (`deprecated`...).
    public var options: [ProtoOption]
    /// The comment documenting it in the .proto, one entry per line, markers removed.
    public var comment: [String]
    /// Where the name is, for errors.
    public var location: ProtoSourceLocation

    /// A value with every part given or left empty.
    public init(name: String, number: Int32, options: [ProtoOption] = [], comment: [String] = [], location: ProtoSourceLocation) {
        self.name = name
        self.number = number
        self.options = options
        self.comment = comment
        self.location = location
    }
}
