import BridgeCore

/// Conversions between the Struct well-known types and BridgeCore's `JSONValue`, the model
/// `BridgeMessage.attributes` uses. They are the proto3 JSON mapping of these types: a Value's
/// kind becomes the JSON value of the same kind; a Value with no kind and any `NullValue`
/// number become `null`. Unknown fields have no JSON form and are dropped.
extension Google_Protobuf_Value {
    /// The Value holding `json`, nested arrays and objects included.
    public init(_ json: JSONValue) {
        switch json {
        case .null: kind = .nullValue(.nullValue)
        case .bool(let flag): kind = .boolValue(flag)
        case .number(let number): kind = .numberValue(number)
        case .string(let text): kind = .stringValue(text)
        case .array(let array): kind = .listValue(Google_Protobuf_ListValue(array))
        case .object(let object): kind = .structValue(Google_Protobuf_Struct(object))
        }
    }

    /// The JSON this Value holds (`null` for no kind and for `NullValue`).
    public var jsonValue: JSONValue {
        switch kind {
        case .none, .nullValue: return .null
        case .numberValue(let number): return .number(number)
        case .stringValue(let text): return .string(text)
        case .boolValue(let flag): return .bool(flag)
        case .structValue(let object): return .object(object.jsonObject)
        case .listValue(let list): return .array(list.jsonArray)
        }
    }
}

extension Google_Protobuf_Struct {
    /// The Struct holding `object`'s members.
    public init(_ object: [String: JSONValue]) {
        fields = object.mapValues(Google_Protobuf_Value.init)
    }

    /// The Struct's members as JSON.
    public var jsonObject: [String: JSONValue] {
        fields.mapValues(\.jsonValue)
    }
}

extension Google_Protobuf_ListValue {
    /// The ListValue holding `array`'s elements.
    public init(_ array: [JSONValue]) {
        values = array.map(Google_Protobuf_Value.init)
    }

    /// The elements as JSON.
    public var jsonArray: [JSONValue] {
        values.map(\.jsonValue)
    }
}

extension JSONValue {
    /// The JSON value a `google.protobuf.Value` stands for.
    public init(_ value: Google_Protobuf_Value) {
        self = value.jsonValue
    }
}
