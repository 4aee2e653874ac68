import ProtoGenerator
import Testing

/// Name resolution across nesting, packages and imports, and the proto3 rules, each error with
/// its file, line and column.
@Suite struct SemanticsTests {
    static let header = "syntax = \"proto3\";\n"

    @Test func resolvesNamesLikeProtoc() throws {
        let schema = try check([
            "main.proto": Self.header + """
                package a.b;
                import "dep.proto";
                import "google/protobuf/struct.proto";
                message Outer {
                  message Inner { Outer back = 1; Kind kind = 2; }
                  enum Kind { KIND_ZERO = 0; }
                  Inner inner = 1;
                  Outer.Inner dotted = 2;
                  .a.b.Outer.Kind absolute = 3;
                  c.Remote remote = 4;
                  a.c.Remote partly = 5;
                  google.protobuf.Struct attributes = 6;
                  map<string, google.protobuf.Value> values = 7;
                  Top top = 8;
                }
                enum Top { TOP_ZERO = 0; }
                service S { rpc Call(Outer.Inner) returns (c.Remote); }
                """,
            "dep.proto": Self.header + "package a.c;\nmessage Remote {}\n",
        ])
        let outer = try #require(schema.message("a.b.Outer"))
        #expect(outer.fields.map(\.type) == [.message("a.b.Outer.Inner"), .message("a.b.Outer.Inner"), .enumeration("a.b.Outer.Kind"),
                                             .message("a.c.Remote"), .message("a.c.Remote"), .message("google.protobuf.Struct"),
                                             .message("google.protobuf.Value"), .enumeration("a.b.Top")])
        let inner = try #require(schema.message("a.b.Outer.Inner"))
        #expect(inner.fields.map(\.type) == [.message("a.b.Outer"), .enumeration("a.b.Outer.Kind")])
        let method = try #require(schema.files["main.proto"]?.services.first?.methods.first)
        #expect(method.inputType == .message("a.b.Outer.Inner") && method.outputType == .message("a.c.Remote"))
        #expect(schema.types["google.protobuf.Struct"]?.isRuntimeProvided == true)
        #expect(schema.types["a.b.Outer.Inner"]?.path == ["Outer", "Inner"])
    }

    @Test func publicImportsAreTransitive() throws {
        let schema = try check([
            "main.proto": Self.header + "import \"middle.proto\";\nmessage M { p.Far far = 1; }",
            "middle.proto": Self.header + "import public \"far.proto\";",
            "far.proto": Self.header + "package p;\nmessage Far {}",
        ])
        #expect(schema.message("M")?.fields.first?.type == .message("p.Far"))
    }

    @Test func resolutionErrors() {
        let header = Self.header
        expectCheckError(header + "message M {\n  Missing m = 1;\n}", at: 3, 3, "unknown type 'Missing'")
        // The innermost scope that has the first component decides, as in protoc.
        expectCheckError(header + "package a;\nmessage B { message a {} a.B x = 1; }\nmessage C {}", at: 3, 26,
                         "'a.B' resolves to 'a.B.a.B', which is not defined")
        expectCheckError(header + "import \"other.proto\";\nmessage M { p.Hidden h = 1; }",
                         others: ["other.proto": header + "import \"hidden.proto\";", "hidden.proto": header + "package p;\nmessage Hidden {}"],
                         at: 3, 13, "declared in \"hidden.proto\", which is not imported by \"main.proto\"")
        expectCheckError(header + "import \"nowhere.proto\";", at: 2, 1, "cannot find \"nowhere.proto\"")
        expectCheckError(header + "import \"google/protobuf/timestamp.proto\";", at: 2, 1, "is not supported")
        expectCheckError(header + "import \"b.proto\";", others: ["b.proto": header + "\nimport \"main.proto\";"], file: "b.proto",
                         at: 3, 1, "import cycle: main.proto -> b.proto -> main.proto")
        expectCheckError(header + "enum E { E_ZERO = 0; }\nservice S { rpc A(E) returns (E); }", at: 3, 19, "must be message types")
        expectCheckError(header + "message M {}\nmessage M {}", at: 3, 1, "'M' is already defined at main.proto:2:1")
    }

    @Test func fieldRules() {
        let header = Self.header
        expectCheckError(header + "message M {\n  int32 a = 1;\n  int32 b = 1;\n}", at: 4, 3, "field number 1 is already used by 'a'")
        expectCheckError(header + "message M { int32 a = 536870912; }", at: 2, 13, "out of range 1...536870911")
        expectCheckError(header + "message M { int32 a = 19000; }", at: 2, 13, "reserved for the protobuf implementation")
        expectCheckError(header + "message M {\n  reserved 2 to 4;\n  int32 a = 3;\n}", at: 4, 3, "reserved at main.proto:3:12")
        expectCheckError(header + "message M { reserved \"a\"; int32 a = 1; }", at: 2, 27, "field name 'a' is reserved")
        expectCheckError(header + "message M { int32 a = 1; string a = 2; }", at: 2, 26, "'a' is already defined")
        expectCheckError(header + "message M { int32 foo_bar = 1; int32 fooBar = 2; }", at: 2, 32, "JSON name 'fooBar'")
        expectCheckError(header + "message M { int32 a = 1 [json_name = \"b\"]; int32 b = 2; }", at: 2, 44, "JSON name 'b'")
        expectCheckError(header + "message M { map<double, int32> m = 1; }", at: 2, 13, "map key type 'double' is not allowed")
        expectCheckError(header + "message M { map<bytes, int32> m = 1; }", at: 2, 13, "map key type 'bytes'")
        expectCheckError(header + "message M { repeated string s = 1 [packed = true]; }", at: 2, 36, "[packed] applies only")
        expectCheckError(header + "message M { int32 s = 1 [packed = true]; }", at: 2, 26, "[packed] applies only")
        expectCheckError(header + "message M { oneof o {} }", at: 2, 13, "oneof 'o' has no fields")
        expectCheckError(header + "message M { message N { int32 x = 1; int32 y = 1; } }", at: 2, 38, "already used")
    }

    @Test func enumRules() {
        let header = Self.header
        expectCheckError(header + "enum E {\n  ONE = 1;\n}", at: 3, 3, "first value of a proto3 enum must be 0")
        expectCheckError(header + "enum E { A = 0; B = 0; }", at: 2, 17, "set 'option allow_alias = true;'")
        expectCheckError(header + "enum E { A = 0; A = 1; }", at: 2, 17, "already defined")
        expectCheckError(header + "enum E { reserved 1; A = 0; B = 1; }", at: 2, 29, "reserved number 1")
        expectCheckError(header + "enum E { reserved \"B\"; A = 0; B = 1; }", at: 2, 31, "name 'B' is reserved")
        // C++ scoping: enum values are siblings of their enum.
        expectCheckError(header + "enum E { UNKNOWN = 0; }\nenum F { UNKNOWN = 0; }", at: 3, 10, "enum value 'UNKNOWN' is already defined")
        expectCheckError(header + "enum E {}", at: 2, 1, "has no values")
    }

    @Test func serviceRules() {
        expectCheckError(Self.header + "message M {}\nservice S {\n  rpc A(M) returns (M);\n  rpc A(M) returns (M);\n}",
                         at: 5, 3, "rpc 'A' is already defined")
    }
}
