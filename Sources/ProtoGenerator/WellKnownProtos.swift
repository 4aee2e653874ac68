/// The google/protobuf files IPCBridge's runtime already has Swift types for, built in so a
/// .proto that imports them needs no protobuf install to be generated.
///
/// Their messages map to the runtime's hand-written `Google_Protobuf_Empty`, `_Struct`,
/// `_Value`, `_ListValue` and `_NullValue` (the names the naming rules give them anyway), and
/// no code is generated for them. Other google/protobuf imports (timestamp, duration, any,
/// wrappers, ...) are refused: generating them as plain messages would give them the wrong
/// JSON form.
enum WellKnownProtos {
    static let empty = "google/protobuf/empty.proto"
    static let structs = "google/protobuf/struct.proto"

    /// The text of a built-in file, or nil when `path` is not one.
    static func source(for path: String) -> String? {
        switch path {
        case empty: return emptyText
        case structs: return structText
        default: return nil
        }
    }

    /// True for google/protobuf imports the runtime cannot back.
    static func isUnsupported(_ path: String) -> Bool {
        path.hasPrefix("google/protobuf/") && source(for: path) == nil
    }

    private static let emptyText = """
        syntax = "proto3";
        package google.protobuf;
        // A generic empty message.
        message Empty {}
        """

    private static let structText = """
        syntax = "proto3";
        package google.protobuf;
        // A JSON object.
        message Struct {
          map<string, Value> fields = 1;
        }
        // A dynamically typed JSON value.
        message Value {
          oneof kind {
            NullValue null_value = 1;
            double number_value = 2;
            string string_value = 3;
            bool bool_value = 4;
            Struct struct_value = 5;
            ListValue list_value = 6;
          }
        }
        // JSON null.
        enum NullValue {
          NULL_VALUE = 0;
        }
        // A JSON array.
        message ListValue {
          repeated Value values = 1;
        }
        """
}
