/// One field as the emitters see it: its Swift property, type and codec, decided once so the
/// struct, binary and JSON emitters agree.
struct SwiftFieldModel {
    enum Shape {
        /// A scalar or enum without presence: left out at its default.
        case singular
        /// A scalar or enum with proto3 `optional`: a Swift optional.
        case optional
        /// A singular message field (messages always have presence): a Swift optional.
        case message
        case repeated(packed: Bool)
        /// A map; the key's codec and Swift type.
        case map(keyCodec: String, keyType: String)
        /// A member of the message's oneof number `index`.
        case oneofMember(index: Int)
    }

    let decl: ProtoFieldDecl
    let property: String
    let shape: Shape
    /// The Swift type of one value (an element, for repeated fields and maps).
    let valueType: String
    /// The codec type of one value (`ProtoInt32`, `ProtoMessageCodec<...>`).
    let codec: String
    let isMessage: Bool
    /// A singular message field on a reference cycle: stored in an array (at most one
    /// element) behind a computed property, or an `indirect` oneof case.
    let isIndirect: Bool
    /// The Swift expression of the default value (singular fields).
    let defaultValue: String

    var number: Int { decl.number }
    /// The stored property that holds an indirect field's value.
    var storage: String { "_" + SwiftNaming.unescaped(property) }

    init(_ decl: ProtoFieldDecl, in messageName: String, context: SwiftEmitterContext) {
        self.decl = decl
        property = SwiftNaming.propertyName(decl.name)
        let value = Self.describe(decl.type, context: context)
        valueType = value.type
        codec = value.codec
        defaultValue = value.defaultValue
        if case .message(let target) = decl.type {
            isMessage = true
            // Repeated fields and maps live in arrays and dictionaries, which are already indirect.
            switch decl.label {
            case .singular, .optional: isIndirect = context.reaches(from: target, to: messageName)
            case .repeated, .map: isIndirect = false
            }
        } else {
            isMessage = false
            isIndirect = false
        }
        switch decl.label {
        case .map(let key):
            let keyDescription = Self.describe(.scalar(key), context: context)
            shape = .map(keyCodec: keyDescription.codec, keyType: keyDescription.type)
        case .repeated:
            shape = .repeated(packed: decl.isPacked)
        case .optional where isMessage, .singular where isMessage:
            shape = decl.oneofIndex.map { .oneofMember(index: $0) } ?? .message
        case .optional:
            shape = .optional
        case .singular:
            shape = decl.oneofIndex.map { .oneofMember(index: $0) } ?? .singular
        }
    }

    /// The property's declared type.
    var propertyType: String {
        switch shape {
        case .singular, .oneofMember: return valueType
        case .optional, .message: return valueType + "?"
        case .repeated: return "[\(valueType)]"
        case .map(_, let keyType): return "[\(keyType): \(valueType)]"
        }
    }

    /// The property's initial value.
    var initialValue: String {
        switch shape {
        case .singular, .oneofMember: return defaultValue
        case .optional, .message: return "nil"
        case .repeated: return "[]"
        case .map: return "[:]"
        }
    }

    /// `self.property`: generated code always reaches properties through `self`, so a field
    /// named like a local (`key`, `reader`, `writer`, `total`, `value`) cannot be shadowed.
    var access: String { "self." + property }

    /// A condition true when a singular field differs from its default, written the way the
    /// hand-written messages write it (`size != 0`, `!body.isEmpty`, `type.rawValue != 0`).
    var nonDefaultCondition: String {
        switch decl.type {
        case .scalar(let scalar):
            switch scalar {
            case .bool: return access
            case .string, .bytes: return "!\(access).isEmpty"
            case .float, .double: return "\(access).bitPattern != 0"
            case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64:
                return "\(access) != 0"
            }
        case .enumeration:
            return "\(access).rawValue != 0"
        case .message, .named:
            return "true"
        }
    }

    /// A type's Swift type, codec and default value.
    static func describe(_ type: ProtoTypeReference, context: SwiftEmitterContext) -> (type: String, codec: String, defaultValue: String) {
        switch type {
        case .scalar(let scalar):
            return scalarDescription(scalar)
        case .enumeration(let fullName):
            let name = context.swiftTypeName(fullName)
            return (name, "ProtoEnumCodec<\(name)>", "." + defaultCase(of: fullName, context: context))
        case .message(let fullName):
            let name = context.swiftTypeName(fullName)
            return (name, "ProtoMessageCodec<\(name)>", "\(name)()")
        case .named(let name):
            // Unresolved names do not reach the emitter (ProtoSemantics resolves them all).
            return (name, "ProtoMessageCodec<\(name)>", "\(name)()")
        }
    }

    /// The case of an enum's zero value (proto3 requires the first value to be zero).
    static func defaultCase(of fullName: String, context: SwiftEmitterContext) -> String {
        guard let decl = context.schema.enumeration(fullName), let first = SwiftNaming.caseNames(for: decl).first else {
            return "init(rawValue: 0)"
        }
        return first
    }

    private static func scalarDescription(_ scalar: ProtoScalarType) -> (type: String, codec: String, defaultValue: String) {
        switch scalar {
        case .double: return ("Double", "ProtoDouble", "0")
        case .float: return ("Float", "ProtoFloat", "0")
        case .int32: return ("Int32", "ProtoInt32", "0")
        case .int64: return ("Int64", "ProtoInt64", "0")
        case .uint32: return ("UInt32", "ProtoUInt32", "0")
        case .uint64: return ("UInt64", "ProtoUInt64", "0")
        case .sint32: return ("Int32", "ProtoSInt32", "0")
        case .sint64: return ("Int64", "ProtoSInt64", "0")
        case .fixed32: return ("UInt32", "ProtoFixed32", "0")
        case .fixed64: return ("UInt64", "ProtoFixed64", "0")
        case .sfixed32: return ("Int32", "ProtoSFixed32", "0")
        case .sfixed64: return ("Int64", "ProtoSFixed64", "0")
        case .bool: return ("Bool", "ProtoBool", "false")
        case .string: return ("String", "ProtoString", "\"\"")
        case .bytes: return ("[UInt8]", "ProtoBytes", "[]")
        }
    }
}
