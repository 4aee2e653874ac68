/// `message Name { ... }`: fields, oneofs, nested messages and enums, reserved numbers and names.
public struct ProtoMessageDecl: Sendable, Hashable {
    public var name: String
    /// Every field in declaration order, oneof members included (each names its oneof).
    public var fields: [ProtoFieldDecl]
    public var oneofs: [ProtoOneofDecl]
    public var messages: [ProtoMessageDecl]
    public var enums: [ProtoEnumDecl]
    public var reservedRanges: [ProtoReservedRange]
    public var reservedNames: [String]
    public var options: [ProtoOption]
    public var comment: [String]
    public var location: ProtoSourceLocation

    public init(name: String, fields: [ProtoFieldDecl] = [], oneofs: [ProtoOneofDecl] = [], messages: [ProtoMessageDecl] = [],
                enums: [ProtoEnumDecl] = [], reservedRanges: [ProtoReservedRange] = [], reservedNames: [String] = [],
                options: [ProtoOption] = [], comment: [String] = [], location: ProtoSourceLocation) {
        self.name = name
        self.fields = fields
        self.oneofs = oneofs
        self.messages = messages
        self.enums = enums
        self.reservedRanges = reservedRanges
        self.reservedNames = reservedNames
        self.options = options
        self.comment = comment
        self.location = location
    }
}

/// One field: `[repeated|optional] type name = number [options];` or
/// `map<key, value> name = number;`, possibly inside a oneof.
public struct ProtoFieldDecl: Sendable, Hashable {
    /// How many values the field holds and whether it has presence.
    public enum Label: Sendable, Hashable {
        /// proto3's plain field: no presence for scalars (the default value means unset).
        case singular
        /// proto3 `optional`: explicit presence, a Swift optional.
        case optional
        case repeated
        /// `map<key, value>`; the value type is the field's ``ProtoFieldDecl/type``.
        case map(key: ProtoScalarType)
    }

    public var name: String
    public var number: Int
    public var label: Label
    public var type: ProtoTypeReference
    /// The oneof this field belongs to (its index in the message's ``ProtoMessageDecl/oneofs``).
    public var oneofIndex: Int?
    public var options: [ProtoOption]
    public var comment: [String]
    public var location: ProtoSourceLocation
    /// Where the type is written, for resolution errors.
    public var typeLocation: ProtoSourceLocation

    public init(name: String, number: Int, label: Label = .singular, type: ProtoTypeReference, oneofIndex: Int? = nil,
                options: [ProtoOption] = [], comment: [String] = [], location: ProtoSourceLocation,
                typeLocation: ProtoSourceLocation? = nil) {
        self.name = name
        self.number = number
        self.label = label
        self.type = type
        self.oneofIndex = oneofIndex
        self.options = options
        self.comment = comment
        self.location = location
        self.typeLocation = typeLocation ?? location
    }
}

/// `oneof name { ... }`: its members are the fields whose ``ProtoFieldDecl/oneofIndex`` points here.
public struct ProtoOneofDecl: Sendable, Hashable {
    public var name: String
    public var options: [ProtoOption]
    public var comment: [String]
    public var location: ProtoSourceLocation

    public init(name: String, options: [ProtoOption] = [], comment: [String] = [], location: ProtoSourceLocation) {
        self.name = name
        self.options = options
        self.comment = comment
        self.location = location
    }
}

/// `reserved 2, 15, 9 to 11, 40 to max;`: an inclusive range of numbers.
public struct ProtoReservedRange: Sendable, Hashable {
    public var lower: Int
    public var upper: Int
    public var location: ProtoSourceLocation

    public init(lower: Int, upper: Int, location: ProtoSourceLocation) {
        self.lower = lower
        self.upper = upper
        self.location = location
    }

    public func contains(_ number: Int) -> Bool { number >= lower && number <= upper }
}
