/// What follows from a field's declaration: its JSON name and whether it is packed.
extension ProtoFieldDecl {
    /// The field's proto3 JSON name: `[json_name = "..."]` when given, else protoc's
    /// lowerCamelCase (underscores dropped, the letter after each one upper-cased:
    /// `message_id` -> `messageId`, `f_uint32` -> `fUint32`).
    public var jsonName: String {
        if case .string(let custom)? = options.option("json_name")?.value { return custom }
        return Self.defaultJSONName(name)
    }

    /// protoc's `ToJsonName`.
    static func defaultJSONName(_ name: String) -> String {
        var result = ""
        var capitalizeNext = false
        for character in name {
            if character == "_" {
                capitalizeNext = true
            } else if capitalizeNext {
                result += character.uppercased()
                capitalizeNext = false
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// True for repeated fields of a packable type (numbers, bools, enums).
    var canBePacked: Bool {
        guard case .repeated = label else { return false }
        switch type {
        case .scalar(let scalar): return scalar.isPackable
        case .enumeration: return true
        case .message, .named: return false
        }
    }

    /// True when a repeated field is written packed: proto3's default for packable types,
    /// unless `[packed = false]`.
    var isPacked: Bool {
        canBePacked && (options.option("packed")?.value.boolValue ?? true)
    }
}
