import BridgeCore

// The proto3 JSON mapping (protobuf.dev "ProtoJSON format") for messages made by the
// ProtoGenerator target, over BridgeCore's `JSONValue`: field names in lowerCamelCase (the
// original names accepted too), 64-bit integers as strings (numbers accepted), bytes as base64,
// enums by name (numbers accepted), NaN and infinities as "NaN" / "Infinity" / "-Infinity",
// Struct / Value / ListValue / Empty as their natural JSON, default values left out on writing.
// Unknown keys are ignored when reading unless the read options say otherwise (CONTRACT.md
// section 1 asks for ignoring them), and unknown binary fields have no JSON form.
//
// It all sits in this one file on purpose: it is the single file the JSON form adds to the
// Protobuf target. The parts, in order: the error, the options, the message and enum
// protocols, the per-type codecs, the object reader and writer the generated code calls, and
// the well-known types' conformances.

// MARK: error and options

/// Why a JSON value could not be read as a message: what was wrong and at which field path
/// (`payload.body`, `response_parameters[2].size`, `fields["k"]`; "" for the top level).
public struct ProtoJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, without the path (`expected a string, found 3`).
    public var reason: String
    /// Where: the field path from the top-level message, "" for the message itself.
    public var path: String

    /// An error at `path` ("" for the top level; callers going outwards add components with ``inside(_:)``).
    public init(_ reason: String, path: String = "") {
        self.reason = reason
        self.path = path
    }

    /// The same error one level further out: `component` is prefixed to the path.
    public func inside(_ component: String) -> ProtoJSONError {
        let joined: String
        if path.isEmpty {
            joined = component
        } else if path.hasPrefix("[") {
            joined = component + path
        } else {
            joined = component + "." + path
        }
        return ProtoJSONError(reason, path: joined)
    }

    public var description: String {
        path.isEmpty ? "invalid proto3 JSON: \(reason)" : "invalid proto3 JSON at \(path): \(reason)"
    }
}

/// How messages are read from JSON.
public struct ProtoJSONReadOptions: Sendable, Hashable {
    /// Skip object keys the message does not have (the default, as CONTRACT.md's JSON form
    /// wants); false makes an unknown key an error, as protoc's parsers do by default.
    public var ignoringUnknownFields: Bool

    /// Options with unknown keys ignored unless `ignoringUnknownFields` is false.
    public init(ignoringUnknownFields: Bool = true) {
        self.ignoringUnknownFields = ignoringUnknownFields
    }
}

/// How messages are written as JSON.
public struct ProtoJSONWriteOptions: Sendable, Hashable {
    /// Write the .proto field names (`message_id`) instead of the lowerCamelCase JSON names
    /// (`messageId`); CONTRACT.md's JSON form of BridgeMessage uses the original names.
    public var preservingProtoFieldNames: Bool

    /// Options writing lowerCamelCase JSON names unless `preservingProtoFieldNames` is true.
    public init(preservingProtoFieldNames: Bool = false) {
        self.preservingProtoFieldNames = preservingProtoFieldNames
    }
}

// MARK: messages and enums

/// A message with a proto3 JSON form (generated messages and the Struct well-known types).
///
/// The requirements take options; ``init(json:)`` and ``json`` are the defaults' shorthands.
/// (A plain `init(json:)` requirement would make `Google_Protobuf_Value.init` ambiguous next
/// to `Google_Protobuf_Value.init(_: JSONValue)`; the extension's shorthand is ranked below it.)
public protocol ProtoJSONMessage: ProtoMessage {
    /// Reads the message from its JSON form (a JSON object, except for the well-known types).
    init(json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError)
    /// The message's JSON form.
    func json(options: ProtoJSONWriteOptions) -> JSONValue
    /// True for `google.protobuf.Value`, for which JSON `null` is a value, not "absent".
    static var jsonNullIsValue: Bool { get }
}

extension ProtoJSONMessage {
    public static var jsonNullIsValue: Bool { false }

    /// Reads the message from its JSON form, unknown keys ignored.
    public init(json: JSONValue) throws(ProtoJSONError) {
        try self.init(json: json, options: ProtoJSONReadOptions())
    }

    /// The JSON form with lowerCamelCase field names.
    public var json: JSONValue { json(options: ProtoJSONWriteOptions()) }

    /// Reads the message from JSON text.
    public init(jsonString: String, options: ProtoJSONReadOptions = ProtoJSONReadOptions()) throws(ProtoJSONError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(jsonString)
        } catch {
            throw ProtoJSONError(error.description)
        }
        try self.init(json: value, options: options)
    }

    /// The JSON text of the message.
    public func jsonString(options: ProtoJSONWriteOptions = ProtoJSONWriteOptions()) -> String {
        JSONWriter.string(json(options: options))
    }
}

/// An enum with proto3 JSON names: written by name (a number the schema does not name is
/// written as that number), read from a name or a number.
public protocol ProtoJSONEnum: ProtoEnum {
    /// The value for a name from the .proto (`COMPRESSABLE`), nil for a name it does not have.
    init?(protoName: String)
    /// The .proto name of this value; nil for an unrecognized number.
    var protoName: String? { get }
    /// True for `google.protobuf.NullValue`, whose JSON form is `null`.
    static var jsonIsNull: Bool { get }
}

extension ProtoJSONEnum {
    public static var jsonIsNull: Bool { false }
}

// MARK: field codecs

/// A field type's JSON form, beside its wire form (``ProtoFieldCodec``).
public protocol ProtoJSONFieldCodec: ProtoFieldCodec {
    /// The JSON form of one value (a number, a string, a base64 string, an object...).
    static func jsonValue(_ value: Value, options: ProtoJSONWriteOptions) -> JSONValue
    /// Reads one value; errors carry no path (the caller adds the field's).
    static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> Value
    /// True when JSON `null` is a value of this type (Value, NullValue) instead of "absent".
    static var jsonNullIsValue: Bool { get }
}

extension ProtoJSONFieldCodec {
    public static var jsonNullIsValue: Bool { false }
}

/// A map key type's JSON form: JSON object keys are strings, so keys are written as text.
public protocol ProtoJSONMapKeyCodec: ProtoMapKeyCodec, ProtoJSONFieldCodec {
    /// A key's text: JSON object keys are strings, so `7` is written `"7"` and `true` `"true"`.
    static func jsonKey(_ value: Value) -> String
    /// Reads a key written by ``jsonKey(_:)``; throws when the text is not a value of the key type.
    static func value(fromJSONKey key: String) throws(ProtoJSONError) -> Value
}

/// Reading proto3 JSON numbers: a JSON number, or a string holding one; integers must be
/// whole and in range (nothing is rounded or truncated).
enum ProtoJSONNumber {
    static func integer<T: FixedWidthInteger>(_ json: JSONValue, as type: T.Type) throws(ProtoJSONError) -> T {
        switch json {
        case .number(let number):
            if let value = exact(number, as: type) { return value }
            throw ProtoJSONError("\(number) is not a whole number in the range of \(T.self)")
        case .string(let text):
            if let value = T(text) { return value }
            if let number = Double(text), let value = exact(number, as: type) { return value }
            throw ProtoJSONError("\"\(text)\" is not a whole number in the range of \(T.self)")
        case .null, .bool, .array, .object:
            throw ProtoJSONError("expected a number, found \(describe(json))")
        }
    }

    private static func exact<T: FixedWidthInteger>(_ number: Double, as type: T.Type) -> T? {
        guard number.isFinite, number.rounded(.towardZero) == number else { return nil }
        return T(exactly: number)
    }

    static func double(_ json: JSONValue) throws(ProtoJSONError) -> Double {
        switch json {
        case .number(let number):
            return number
        case .string("NaN"):
            return .nan
        case .string("Infinity"):
            return .infinity
        case .string("-Infinity"):
            return -.infinity
        case .string(let text):
            guard let number = Double(text), number.isFinite else { throw ProtoJSONError("\"\(text)\" is not a number") }
            return number
        case .null, .bool, .array, .object:
            throw ProtoJSONError("expected a number, found \(describe(json))")
        }
    }

    static func float(_ json: JSONValue) throws(ProtoJSONError) -> Float {
        let number = try double(json)
        // Rounding to the nearest float is fine (3.4028235e38 is the largest float's shortest
        // text); only a finite number past the float range is refused.
        guard !number.isFinite || Float(number).isFinite else {
            throw ProtoJSONError("\(number) is out of range for a float")
        }
        return Float(number)
    }

    /// A float or double as JSON: NaN and the infinities as their proto3 JSON strings.
    static func json(_ number: Double) -> JSONValue {
        if number.isNaN { return .string("NaN") }
        if number.isInfinite { return .string(number < 0 ? "-Infinity" : "Infinity") }
        return .number(number)
    }

    static func describe(_ json: JSONValue) -> String {
        switch json {
        case .null: return "null"
        case .bool: return "a bool"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// The integer codecs: 32-bit values as JSON numbers, 64-bit ones as decimal strings (a
/// double cannot hold every 64-bit integer); keys as decimal text.
public protocol ProtoJSONIntegerCodec: ProtoJSONMapKeyCodec where Value: FixedWidthInteger {}

extension ProtoJSONIntegerCodec {
    public static func jsonValue(_ value: Value, options: ProtoJSONWriteOptions) -> JSONValue {
        Value.bitWidth > 32 ? .string(String(value)) : .number(Double(value))
    }
    public static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> Value {
        try ProtoJSONNumber.integer(json, as: Value.self)
    }
    public static func jsonKey(_ value: Value) -> String { String(value) }
    public static func value(fromJSONKey key: String) throws(ProtoJSONError) -> Value {
        try ProtoJSONNumber.integer(.string(key), as: Value.self)
    }
}

extension ProtoInt32: ProtoJSONIntegerCodec {}
extension ProtoInt64: ProtoJSONIntegerCodec {}
extension ProtoUInt32: ProtoJSONIntegerCodec {}
extension ProtoUInt64: ProtoJSONIntegerCodec {}
extension ProtoSInt32: ProtoJSONIntegerCodec {}
extension ProtoSInt64: ProtoJSONIntegerCodec {}
extension ProtoFixed32: ProtoJSONIntegerCodec {}
extension ProtoFixed64: ProtoJSONIntegerCodec {}
extension ProtoSFixed32: ProtoJSONIntegerCodec {}
extension ProtoSFixed64: ProtoJSONIntegerCodec {}

extension ProtoFloat: ProtoJSONFieldCodec {
    /// Through the float's shortest decimal text, so 0.1 is written as 0.1, not 0.10000000149011612.
    public static func jsonValue(_ value: Float, options: ProtoJSONWriteOptions) -> JSONValue {
        ProtoJSONNumber.json(value.isFinite ? Double(String(value)) ?? Double(value) : Double(value))
    }
    public static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> Float {
        try ProtoJSONNumber.float(json)
    }
}

extension ProtoDouble: ProtoJSONFieldCodec {
    public static func jsonValue(_ value: Double, options: ProtoJSONWriteOptions) -> JSONValue {
        ProtoJSONNumber.json(value)
    }
    public static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> Double {
        try ProtoJSONNumber.double(json)
    }
}

extension ProtoBool: ProtoJSONMapKeyCodec {
    public static func jsonValue(_ value: Bool, options: ProtoJSONWriteOptions) -> JSONValue { .bool(value) }
    public static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> Bool {
        guard case .bool(let flag) = json else {
            throw ProtoJSONError("expected true or false, found \(ProtoJSONNumber.describe(json))")
        }
        return flag
    }
    public static func jsonKey(_ value: Bool) -> String { value ? "true" : "false" }
    public static func value(fromJSONKey key: String) throws(ProtoJSONError) -> Bool {
        switch key {
        case "true": return true
        case "false": return false
        default: throw ProtoJSONError("map key \"\(key)\" is not true or false")
        }
    }
}

extension ProtoString: ProtoJSONMapKeyCodec {
    public static func jsonValue(_ value: String, options: ProtoJSONWriteOptions) -> JSONValue { .string(value) }
    public static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> String {
        guard case .string(let text) = json else {
            throw ProtoJSONError("expected a string, found \(ProtoJSONNumber.describe(json))")
        }
        return text
    }
    public static func jsonKey(_ value: String) -> String { value }
    public static func value(fromJSONKey key: String) throws(ProtoJSONError) -> String { key }
}

extension ProtoBytes: ProtoJSONFieldCodec {
    /// Standard base64 with padding; reading also takes the URL-safe alphabet and no padding.
    public static func jsonValue(_ value: [UInt8], options: ProtoJSONWriteOptions) -> JSONValue { .string(Base64.encode(value)) }
    public static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> [UInt8] {
        guard case .string(let text) = json else {
            throw ProtoJSONError("expected a base64 string, found \(ProtoJSONNumber.describe(json))")
        }
        guard let bytes = Base64.decode(text) else { throw ProtoJSONError("\"\(text)\" is not valid base64") }
        return bytes
    }
}

extension ProtoEnumCodec: ProtoJSONFieldCodec where E: ProtoJSONEnum {
    public static var jsonNullIsValue: Bool { E.jsonIsNull }
    public static func jsonValue(_ value: E, options: ProtoJSONWriteOptions) -> JSONValue {
        if E.jsonIsNull { return .null }
        if let name = value.protoName { return .string(name) }
        return .number(Double(value.rawValue))
    }
    public static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> E {
        switch json {
        case .null where E.jsonIsNull:
            return E(rawValue: 0)
        case .string(let name):
            guard let value = E(protoName: name) else { throw ProtoJSONError("\"\(name)\" is not a value of \(E.self)") }
            return value
        case .number:
            return E(rawValue: try ProtoJSONNumber.integer(json, as: Int32.self))
        case .null, .bool, .array, .object:
            throw ProtoJSONError("expected an enum name or number, found \(ProtoJSONNumber.describe(json))")
        }
    }
}

extension ProtoMessageCodec: ProtoJSONFieldCodec where M: ProtoJSONMessage {
    public static var jsonNullIsValue: Bool { M.jsonNullIsValue }
    public static func jsonValue(_ value: M, options: ProtoJSONWriteOptions) -> JSONValue { value.json(options: options) }
    public static func value(fromJSON json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) -> M { try M(json: json, options: options) }
}

// MARK: reading and writing objects (what generated code calls)

/// A JSON object being read as a message: each field is looked up under its JSON name and its
/// .proto name. Keys the message does not know are ignored, or refused by ``finish()`` when the
/// options ask for that.
public struct ProtoJSONObjectReader {
    private let object: [String: JSONValue]
    private let message: String
    /// How strictly unknown keys are treated, passed down to nested messages.
    public let options: ProtoJSONReadOptions
    /// The names looked up so far (for ``finish()`` in strict mode).
    private var known: Set<String> = []

    /// Fails unless `json` is an object; `message` (the full proto name) is for errors.
    public init(_ json: JSONValue, message: String, options: ProtoJSONReadOptions) throws(ProtoJSONError) {
        guard case .object(let object) = json else {
            throw ProtoJSONError("expected a JSON object for \(message), found \(ProtoJSONNumber.describe(json))")
        }
        self.object = object
        self.message = message
        self.options = options
    }

    /// The value given for a field, nil when it is absent; a field given under both of its
    /// names is an error (which one wins would depend on dictionary order).
    public mutating func value(_ protoName: String, _ jsonName: String) throws(ProtoJSONError) -> JSONValue? {
        if !options.ignoringUnknownFields {
            known.insert(protoName)
            known.insert(jsonName)
        }
        let byJSONName = object[jsonName]
        if protoName == jsonName { return byJSONName }
        let byProtoName = object[protoName]
        if byJSONName != nil, byProtoName != nil {
            throw ProtoJSONError("given twice, as \"\(protoName)\" and as \"\(jsonName)\"", path: protoName)
        }
        return byJSONName ?? byProtoName
    }

    /// Called after every field was looked up: in strict mode, a key no field has is an error.
    public func finish() throws(ProtoJSONError) {
        if options.ignoringUnknownFields { return }
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ProtoJSONError("\(message) has no field \"\(unknown)\"")
        }
    }

    /// A plain field: `null` reads as the default value.
    public func singular<C: ProtoJSONFieldCodec>(_ codec: C.Type, _ json: JSONValue, field: String) throws(ProtoJSONError) -> C.Value {
        try optional(codec, json, field: field) ?? C.defaultValue
    }

    /// A field with presence (message, `optional`, oneof member): `null` reads as absent.
    public func optional<C: ProtoJSONFieldCodec>(_ codec: C.Type, _ json: JSONValue, field: String) throws(ProtoJSONError) -> C.Value? {
        if json.isNull, !C.jsonNullIsValue { return nil }
        do {
            return try C.value(fromJSON: json, options: options)
        } catch {
            throw error.inside(field)
        }
    }

    /// A repeated field: a JSON array (`null` reads as empty).
    public func repeated<C: ProtoJSONFieldCodec>(_ codec: C.Type, _ json: JSONValue, field: String) throws(ProtoJSONError) -> [C.Value] {
        if json.isNull { return [] }
        guard case .array(let elements) = json else {
            throw ProtoJSONError("expected an array, found \(ProtoJSONNumber.describe(json))", path: field)
        }
        var values: [C.Value] = []
        values.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do throws(ProtoJSONError) {
                if element.isNull, !C.jsonNullIsValue { throw ProtoJSONError("null is not allowed in a repeated field") }
                values.append(try C.value(fromJSON: element, options: options))
            } catch {
                throw error.inside("[\(index)]").inside(field)
            }
        }
        return values
    }

    /// A map field: a JSON object whose keys are the map keys as text (`null` reads as empty).
    public func map<K: ProtoJSONMapKeyCodec, V: ProtoJSONFieldCodec>(_ keyCodec: K.Type, _ valueCodec: V.Type, _ json: JSONValue,
                                                                     field: String) throws(ProtoJSONError) -> [K.Value: V.Value] {
        if json.isNull { return [:] }
        guard case .object(let entries) = json else {
            throw ProtoJSONError("expected an object, found \(ProtoJSONNumber.describe(json))", path: field)
        }
        var map: [K.Value: V.Value] = [:]
        map.reserveCapacity(entries.count)
        for (key, element) in entries {
            do throws(ProtoJSONError) {
                if element.isNull, !V.jsonNullIsValue { throw ProtoJSONError("null is not allowed as a map value") }
                map[try K.value(fromJSONKey: key)] = try V.value(fromJSON: element, options: options)
            } catch {
                throw error.inside("[\"\(key)\"]").inside(field)
            }
        }
        return map
    }

    /// Throws when a second member of a oneof is given (`alreadySet`).
    public func checkOneof(_ alreadySet: Bool, oneof: String, field: String) throws(ProtoJSONError) {
        if alreadySet {
            throw ProtoJSONError("more than one member of oneof '\(oneof)' is given", path: field)
        }
    }
}

/// A JSON object being written from a message: proto3 leaves out fields at their default
/// (scalars at zero/empty, unset messages and optionals, empty repeated fields and maps).
public struct ProtoJSONObjectWriter {
    /// The members written so far, keyed by JSON (or .proto) field name.
    public private(set) var object: [String: JSONValue] = [:]
    /// Which names to write, passed down to nested messages.
    public let options: ProtoJSONWriteOptions

    /// An empty object, to be filled by the generated `json(options:)` code.
    public init(options: ProtoJSONWriteOptions) {
        self.options = options
    }

    /// The object written so far.
    public var json: JSONValue { .object(object) }

    /// Sets a field's value under the name the options choose.
    public mutating func set(_ value: JSONValue, _ protoName: String, _ jsonName: String) {
        object[options.preservingProtoFieldNames ? protoName : jsonName] = value
    }

    /// A plain field, left out at its default.
    public mutating func singular<C: ProtoJSONFieldCodec>(_ codec: C.Type, _ value: C.Value, _ protoName: String, _ jsonName: String) {
        if C.isDefault(value) { return }
        set(C.jsonValue(value, options: options), protoName, jsonName)
    }

    /// A field with presence, written whenever it is set (even at its default).
    public mutating func optional<C: ProtoJSONFieldCodec>(_ codec: C.Type, _ value: C.Value?, _ protoName: String, _ jsonName: String) {
        guard let value else { return }
        set(C.jsonValue(value, options: options), protoName, jsonName)
    }

    /// A repeated field, left out when empty.
    public mutating func repeated<C: ProtoJSONFieldCodec>(_ codec: C.Type, _ values: [C.Value], _ protoName: String, _ jsonName: String) {
        if values.isEmpty { return }
        set(.array(values.map { C.jsonValue($0, options: options) }), protoName, jsonName)
    }

    /// A map field, left out when empty.
    public mutating func map<K: ProtoJSONMapKeyCodec, V: ProtoJSONFieldCodec>(_ keyCodec: K.Type, _ valueCodec: V.Type,
                                                                              _ map: [K.Value: V.Value],
                                                                              _ protoName: String, _ jsonName: String) {
        if map.isEmpty { return }
        var entries: [String: JSONValue] = [:]
        entries.reserveCapacity(map.count)
        for (key, value) in map { entries[K.jsonKey(key)] = V.jsonValue(value, options: options) }
        set(.object(entries), protoName, jsonName)
    }
}

// MARK: well-known types

extension Google_Protobuf_Empty: ProtoJSONMessage {
    /// `{}`; keys are ignored like any unknown key.
    public init(json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) {
        self.init()
        _ = try ProtoJSONObjectReader(json, message: "google.protobuf.Empty", options: ProtoJSONReadOptions())
    }
    public func json(options: ProtoJSONWriteOptions) -> JSONValue { .object([:]) }
}

extension Google_Protobuf_Struct: ProtoJSONMessage {
    /// Any JSON object.
    public init(json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) {
        guard case .object(let object) = json else {
            throw ProtoJSONError("expected a JSON object for google.protobuf.Struct, found \(ProtoJSONNumber.describe(json))")
        }
        self.init(object)
    }
    public func json(options: ProtoJSONWriteOptions) -> JSONValue { .object(jsonObject) }
}

extension Google_Protobuf_ListValue: ProtoJSONMessage {
    /// Any JSON array.
    public init(json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) {
        guard case .array(let array) = json else {
            throw ProtoJSONError("expected a JSON array for google.protobuf.ListValue, found \(ProtoJSONNumber.describe(json))")
        }
        self.init(array)
    }
    public func json(options: ProtoJSONWriteOptions) -> JSONValue { .array(jsonArray) }
}

extension Google_Protobuf_Value: ProtoJSONMessage {
    public static var jsonNullIsValue: Bool { true }
    /// Any JSON value, `null` included.
    public init(json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) {
        self.init(json)
    }
    public func json(options: ProtoJSONWriteOptions) -> JSONValue { jsonValue }
}

extension Google_Protobuf_NullValue: ProtoJSONEnum {
    public static var jsonIsNull: Bool { true }
    public init?(protoName: String) {
        guard protoName == "NULL_VALUE" else { return nil }
        self = .nullValue
    }
    public var protoName: String? {
        switch self {
        case .nullValue: return "NULL_VALUE"
        case .unrecognized: return nil
        }
    }
}
