/// `message Name { ... }`: fields, oneofs, nested messages and enums, reserved numbers and names.
public struct ProtoMessageDecl: Sendable, Hashable {
    /// The message's own name, unqualified (`Payload`).
    public var name: String
    /// Every field in declaration order, oneof members included (each names its oneof).
    public var fields: [ProtoFieldDecl]
    /// Its oneofs, in declaration order; members point here by index.
    public var oneofs: [ProtoOneofDecl]
    /// Messages declared inside it, in order.
    public var messages: [ProtoMessageDecl]
    /// Enums declared inside it, in order.
    public var enums: [ProtoEnumDecl]
    /// `reserved` field number ranges, which no field may use.
    public var reservedRanges: [ProtoReservedRange]
    /// `reserved` field names, which no field may use.
    public var reservedNames: [String]
    /// The message's options.
    public var options: [ProtoOption]
    /// The comment documenting it in the .proto, one entry per line, markers removed.
    public var comment: [String]
    /// Where the `message` keyword is, for errors.
    public var location: ProtoSourceLocation

    /// A message with every part given or left empty.
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
        /// `repeated`: any number of values, in order (packed on the wire for scalars).
        case repeated
        /// `map<key, value>`; the value type is the field's ``ProtoFieldDecl/type``.
        case map(key: ProtoScalarType)
    }

    /// The field's name as written (`response_type`).
    public var name: String
    /// Its number on the wire (1 ... 2^29 - 1).
    public var number: Int
    /// How many values it holds and whether it has presence.
    public var label: Label
    /// Its type: as written after parsing, resolved after ``ProtoSemantics``.
    public var type: ProtoTypeReference
    /// The oneof this field belongs to (its index in the message's ``ProtoMessageDecl/oneofs``).
    public var oneofIndex: Int?
    /// Its options (`packed`, `json_name`, `deprecated`...).
    public var options: [ProtoOption]
    /// The comment documenting it in the .proto, one entry per line, markers removed.
    public var comment: [String]
    /// Where the field starts, for errors.
    public var location: ProtoSourceLocation
    /// Where the type is written, for resolution errors.
    public var typeLocation: ProtoSourceLocation

    /// A field with every part given or defaulted; `typeLocation` defaults to `location`.
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
    /// The oneof's name (`kind`).
    public var name: String
    /// Its options.
    public var options: [ProtoOption]
    /// The comment documenting it in the .proto, one entry per line, markers removed.
    public var comment: [String]
    /// Where the `oneof` keyword is, for errors.
    public var location: ProtoSourceLocation

    /// A oneof with every part given or left empty.
    public init(name: String, options: [ProtoOption] = [], comment: [String] = [], location: ProtoSourceLocation) {
        self.name = name
        self.options = options
        self.comment = comment
        self.location = location
    }
}

/// `reserved 2, 15, 9 to 11, 40 to max;`: an inclusive range of numbers.
public struct ProtoReservedRange: Sendable, Hashable {
    /// The first number reserved.
    public var lower: Int
    /// The last number reserved (`max` is 2^29 - 1).
    public var upper: Int
    /// Where the `reserved` statement is, for errors.
    public var location: ProtoSourceLocation

    /// The range `lower` ... `upper`, inclusive.
    public init(lower: Int, upper: Int, location: ProtoSourceLocation) {
        self.lower = lower
        self.upper = upper
        self.location = location
    }

    /// Whether `number` falls in the range.
    public func contains(_ number: Int) -> Bool { number >= lower && number <= upper }
}
