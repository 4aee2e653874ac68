/// The proto3 rules a resolved file must follow beyond its grammar: field numbers unique and in
/// range and not reserved, names unique, JSON names distinct, map keys of a key type, enums
/// starting at zero, `packed` only where it means something, oneofs not empty, rpc names unique.
enum ProtoValidation {
    /// Numbers the protobuf implementation reserves for itself.
    static let implementationReserved = 19_000...19_999

    static func check(_ file: ProtoFile) throws(ProtoGeneratorError) {
        for message in file.messages { try check(message) }
        for decl in file.enums { try check(decl) }
        for service in file.services { try check(service) }
    }

    static func check(_ message: ProtoMessageDecl) throws(ProtoGeneratorError) {
        var numbers: [Int: ProtoFieldDecl] = [:]
        var names: [String: ProtoSourceLocation] = [:]
        var jsonNames: [String: ProtoFieldDecl] = [:]
        for nested in message.messages { names[nested.name] = nested.location }
        for decl in message.enums { names[decl.name] = decl.location }
        for oneof in message.oneofs {
            if let earlier = names[oneof.name] {
                throw ProtoGeneratorError("'\(oneof.name)' is already defined in message '\(message.name)' at \(earlier)", at: oneof.location)
            }
            names[oneof.name] = oneof.location
        }
        for field in message.fields {
            if let earlier = names[field.name] {
                throw ProtoGeneratorError("'\(field.name)' is already defined in message '\(message.name)' at \(earlier)", at: field.location)
            }
            names[field.name] = field.location
            if let earlier = numbers[field.number] {
                throw ProtoGeneratorError("field number \(field.number) is already used by '\(earlier.name)' at \(earlier.location)",
                                          at: field.location)
            }
            numbers[field.number] = field
            if let earlier = jsonNames[field.jsonName] {
                throw ProtoGeneratorError("the JSON name '\(field.jsonName)' of '\(field.name)' is also that of '\(earlier.name)' at "
                                          + "\(earlier.location); proto3 does not allow this", at: field.location)
            }
            jsonNames[field.jsonName] = field
            try checkField(field, in: message)
        }
        for (index, oneof) in message.oneofs.enumerated() where !message.fields.contains(where: { $0.oneofIndex == index }) {
            throw ProtoGeneratorError("oneof '\(oneof.name)' has no fields", at: oneof.location)
        }
        for nested in message.messages { try check(nested) }
        for decl in message.enums { try check(decl) }
    }

    private static func checkField(_ field: ProtoFieldDecl, in message: ProtoMessageDecl) throws(ProtoGeneratorError) {
        guard field.number >= 1, field.number <= Int(ProtoParser.maximumFieldNumber) else {
            throw ProtoGeneratorError("field number \(field.number) is out of range 1...\(ProtoParser.maximumFieldNumber)", at: field.location)
        }
        if implementationReserved.contains(field.number) {
            throw ProtoGeneratorError("field numbers 19000 to 19999 are reserved for the protobuf implementation", at: field.location)
        }
        if let range = message.reservedRanges.first(where: { $0.contains(field.number) }) {
            throw ProtoGeneratorError("field '\(field.name)' uses number \(field.number), reserved at \(range.location)", at: field.location)
        }
        if message.reservedNames.contains(field.name) {
            throw ProtoGeneratorError("field name '\(field.name)' is reserved", at: field.location)
        }
        if case .map(let key) = field.label, !key.isValidMapKey {
            throw ProtoGeneratorError("map key type '\(key.rawValue)' is not allowed: keys must be an integer, bool or string type",
                                      at: field.typeLocation)
        }
        if let packed = field.options.option("packed") {
            guard packed.value.boolValue != nil else {
                throw ProtoGeneratorError("option 'packed' must be true or false", at: packed.location)
            }
            guard field.canBePacked else {
                throw ProtoGeneratorError("[packed] applies only to repeated scalar (non-string, non-bytes) or enum fields",
                                          at: packed.location)
            }
        }
        if let jsonName = field.options.option("json_name") {
            guard case .string = jsonName.value else {
                throw ProtoGeneratorError("option 'json_name' must be a string", at: jsonName.location)
            }
        }
    }

    static func check(_ decl: ProtoEnumDecl) throws(ProtoGeneratorError) {
        guard let first = decl.values.first else {
            throw ProtoGeneratorError("enum '\(decl.name)' has no values", at: decl.location)
        }
        guard first.number == 0 else {
            throw ProtoGeneratorError("the first value of a proto3 enum must be 0 (it is the default)", at: first.location)
        }
        var names: Set<String> = []
        var numbers: [Int32: ProtoEnumValueDecl] = [:]
        for value in decl.values {
            guard names.insert(value.name).inserted else {
                throw ProtoGeneratorError("enum value '\(value.name)' is already defined in '\(decl.name)'", at: value.location)
            }
            if let earlier = numbers[value.number], !decl.allowsAlias {
                throw ProtoGeneratorError("'\(value.name)' uses number \(value.number), already used by '\(earlier.name)'; "
                                          + "set 'option allow_alias = true;' to allow aliases", at: value.location)
            }
            if numbers[value.number] == nil { numbers[value.number] = value }
            if decl.reservedRanges.contains(where: { $0.contains(Int(value.number)) }) {
                throw ProtoGeneratorError("enum value '\(value.name)' uses reserved number \(value.number)", at: value.location)
            }
            if decl.reservedNames.contains(value.name) {
                throw ProtoGeneratorError("enum value name '\(value.name)' is reserved", at: value.location)
            }
        }
    }

    static func check(_ service: ProtoServiceDecl) throws(ProtoGeneratorError) {
        var names: [String: ProtoSourceLocation] = [:]
        for method in service.methods {
            if let earlier = names[method.name] {
                throw ProtoGeneratorError("rpc '\(method.name)' is already defined in service '\(service.name)' at \(earlier)",
                                          at: method.location)
            }
            names[method.name] = method.location
        }
    }
}
