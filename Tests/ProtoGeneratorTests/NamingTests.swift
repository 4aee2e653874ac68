@testable import ProtoGenerator
import Testing

/// Swift names follow swift-protobuf's conventions.
@Suite struct NamingTests {
    @Test func typeNames() {
        #expect(SwiftNaming.typePrefix(package: "grpc.testing") == "Grpc_Testing_")
        #expect(SwiftNaming.typePrefix(package: "ipcbridge.v1") == "Ipcbridge_V1_")
        #expect(SwiftNaming.typePrefix(package: "foo_bar.baz") == "FooBar_Baz_")
        #expect(SwiftNaming.typePrefix(package: "") == "")
        #expect(SwiftNaming.typeName("Type", isEnum: false) == "TypeMessage")
        #expect(SwiftNaming.typeName("String", isEnum: true) == "StringEnum")
        #expect(SwiftNaming.typeName("Payload", isEnum: false) == "Payload")
    }

    @Test func propertyNames() {
        #expect(SwiftNaming.propertyName("fill_oauth_scope") == "fillOauthScope")
        #expect(SwiftNaming.propertyName("message_id") == "messageID")
        #expect(SwiftNaming.propertyName("image_url") == "imageURL")
        #expect(SwiftNaming.propertyName("id") == "id")
        #expect(SwiftNaming.propertyName("f_uint32") == "fUint32")
        #expect(SwiftNaming.propertyName("r_int32") == "rInt32")
        #expect(SwiftNaming.propertyName("alreadyCamel") == "alreadyCamel")
        #expect(SwiftNaming.propertyName("HTTPServer") == "httpServer")
        #expect(SwiftNaming.propertyName("3d") == "_3d")
        #expect(SwiftNaming.propertyName("default") == "`default`")
        #expect(SwiftNaming.propertyName("self") == "self_p")
        #expect(SwiftNaming.propertyName("unknown_fields") == "unknownFields_p")
        #expect(SwiftNaming.propertyName("json") == "json_p")
    }

    @Test func enumCaseNames() {
        func cases(_ name: String, _ values: [String]) -> [String] {
            let location = ProtoSourceLocation(file: "t", line: 1, column: 1)
            let decl = ProtoEnumDecl(name: name, values: values.enumerated().map {
                ProtoEnumValueDecl(name: $1, number: Int32($0), location: location)
            }, location: location)
            return SwiftNaming.caseNames(for: decl)
        }
        #expect(cases("GrpclbRouteType", ["GRPCLB_ROUTE_TYPE_UNKNOWN", "GRPCLB_ROUTE_TYPE_BACKEND"]) == ["unknown", "backend"])
        #expect(cases("ServingStatus", ["UNKNOWN", "NOT_SERVING", "SERVICE_UNKNOWN"]) == ["unknown", "notServing", "serviceUnknown"])
        #expect(cases("Color", ["COLOR_UNSPECIFIED", "RED"]) == ["unspecified", "red"])
        #expect(cases("NullValue", ["NULL_VALUE"]) == ["nullValue"])         // nothing left after the prefix: kept
        #expect(cases("Code", ["CODE_1", "CODE_OK"]) == ["code1", "ok"])  // a digit after the prefix: that one kept
        #expect(cases("Foo", ["FOOBAR"]) == ["foobar"])                     // no `_` after the prefix: kept
        #expect(cases("Kind", ["KIND_DEFAULT", "KIND_UNRECOGNIZED"]) == ["`default`", "unrecognized_p"])
        #expect(cases("Dup", ["DUP_A", "A"]) == ["dupA", "a"])              // stripping would collide: kept
    }

    @Test func jsonNames() {
        #expect(ProtoFieldDecl.defaultJSONName("message_id") == "messageId")
        #expect(ProtoFieldDecl.defaultJSONName("f_uint32") == "fUint32")
        #expect(ProtoFieldDecl.defaultJSONName("_leading") == "Leading")
        #expect(ProtoFieldDecl.defaultJSONName("a__b") == "aB")
    }
}
