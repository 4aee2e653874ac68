import BridgeTestSupport
import ProtoGenerator
import Testing

/// The grammar: every proto3 construct the generator supports, read into the syntax tree.
@Suite struct ParserTests {
    static let everything = """
        // The file's comment (detached from what follows by a blank line).

        syntax = "proto3";
        package acme.shop.v1;

        import "google/protobuf/empty.proto";
        import public "other.proto";
        import weak "weak.proto";
        option java_package = "com.acme";
        option (my.ext).deep = { a: 1 b: { c: "x" } };

        // An order.
        message Order {
          // Nested message.
          message Line {
            string sku = 1;
            uint32 quantity = 2;
          }
          enum State {
            option allow_alias = true;
            STATE_UNSPECIFIED = 0;
            OPEN = 1;
            STARTED = 1 [deprecated = true];
            CLOSED = -2;
          }
          reserved 8, 10 to 12, 500 to max;
          reserved "old_name", "older";
          option deprecated = false;

          double f_double = 1;
          float f_float = 2;
          int32 f_int32 = 3;
          int64 f_int64 = 4;
          uint32 f_uint32 = 5;
          uint64 f_uint64 = 6;
          sint32 f_sint32 = 7;
          sint64 f_sint64 = 9;
          fixed32 f_fixed32 = 13;
          fixed64 f_fixed64 = 14;
          sfixed32 f_sfixed32 = 15;
          sfixed64 f_sfixed64 = 16;
          bool f_bool = 17;
          string f_string = 18; // trailing comment
          bytes f_bytes = 0x13;
          repeated Line lines = 20;
          repeated int32 numbers = 21 [packed = false, json_name = "nums"];
          map<string, Line> by_sku = 22;
          optional int64 maybe = 23;
          .acme.shop.v1.Order.State state = 24;
          google.protobuf.Empty nothing = 25;
          oneof choice {
            option (x) = 1;
            string name = 26;
            Line line = 27;
          }
          string message = 28;
          int32 map = 29;
          int32 optional = 30;
          ;
        }

        enum Top { TOP_ZERO = 0; }

        /* A service. */
        service Shop {
          option deprecated = true;
          rpc Get(Order) returns (Order);
          rpc Watch(Order) returns (stream Order) {}
          rpc Upload(stream Order) returns (Order) { option idempotency_level = NO_SIDE_EFFECTS; }
          rpc Chat(stream Order) returns (stream .acme.shop.v1.Order);
        }
        """

    @Test func everyConstruct() throws {
        let file = try parse(Self.everything)
        #expect(file.package == "acme.shop.v1")
        #expect(file.imports.map(\.path) == ["google/protobuf/empty.proto", "other.proto", "weak.proto"])
        #expect(file.imports.map(\.modifier) == [.none, .public, .weak])
        #expect(file.options.map(\.name) == ["java_package", "(my.ext).deep"])
        #expect(file.options.first?.value == .string("com.acme"))
        #expect(file.options.last?.value == .aggregate)

        let order = try #require(file.messages.first)
        #expect(order.name == "Order" && order.comment == ["An order."])
        #expect(order.location.line == 13 && order.location.column == 1)
        #expect(order.messages.map(\.name) == ["Line"] && order.messages[0].comment == ["Nested message."])
        #expect(order.messages[0].fields.map(\.name) == ["sku", "quantity"])
        let state = try #require(order.enums.first)
        #expect(state.allowsAlias)
        #expect(state.values.map(\.name) == ["STATE_UNSPECIFIED", "OPEN", "STARTED", "CLOSED"])
        #expect(state.values.map(\.number) == [0, 1, 1, -2])
        #expect(state.values[2].options.first?.name == "deprecated")
        #expect(order.reservedRanges.map { [$0.lower, $0.upper] } == [[8, 8], [10, 12], [500, 536_870_911]])
        #expect(order.reservedNames == ["old_name", "older"])
        #expect(order.options.map(\.name) == ["deprecated"])

        let scalars: [ProtoScalarType] = [.double, .float, .int32, .int64, .uint32, .uint64, .sint32, .sint64,
                                          .fixed32, .fixed64, .sfixed32, .sfixed64, .bool, .string, .bytes]
        #expect(order.fields.prefix(15).map(\.type) == scalars.map { .scalar($0) })
        #expect(order.fields.prefix(15).map(\.number) == [1, 2, 3, 4, 5, 6, 7, 9, 13, 14, 15, 16, 17, 18, 19])
        let field = { (name: String) throws -> ProtoFieldDecl in try #require(order.fields.first { $0.name == name }) }
        #expect(try field("f_string").comment == ["trailing comment"])
        #expect(try field("lines").label == .repeated && field("lines").type == .named("Line"))
        #expect(try field("numbers").options.map(\.name) == ["packed", "json_name"])
        #expect(try field("numbers").jsonName == "nums")
        #expect(try field("by_sku").label == .map(key: .string) && field("by_sku").type == .named("Line"))
        #expect(try field("maybe").label == .optional)
        #expect(try field("state").type == .named(".acme.shop.v1.Order.State"))
        #expect(try field("nothing").type == .named("google.protobuf.Empty"))
        #expect(order.oneofs.map(\.name) == ["choice"] && order.oneofs[0].options.count == 1)
        #expect(try field("name").oneofIndex == 0 && field("line").oneofIndex == 0 && field("message").oneofIndex == nil)
        // Keywords are names where a name is expected.
        #expect(try field("map").type == .scalar(.int32) && field("optional").label == .singular)
        #expect(try field("f_bytes").jsonName == "fBytes")

        #expect(file.enums.map(\.name) == ["Top"])
        let shop = try #require(file.services.first)
        #expect(shop.comment == ["A service."] && shop.options.count == 1)
        #expect(shop.methods.map(\.name) == ["Get", "Watch", "Upload", "Chat"])
        #expect(shop.methods.map(\.clientStreaming) == [false, false, true, true])
        #expect(shop.methods.map(\.serverStreaming) == [false, true, false, true])
        #expect(shop.methods[2].options.map(\.name) == ["idempotency_level"])
        #expect(shop.methods[3].outputType == .named(".acme.shop.v1.Order"))
    }

    @Test func commentsBecomeDocumentation() throws {
        let file = try parse("""
            syntax = "proto3";
            // Detached: a blank line follows.

            // First line.
            /* Second
             * and third. */
            message A {
              int32 x = 1; // about x
              // about y
              int32 y = 2;
            }
            """)
        let message = try #require(file.messages.first)
        #expect(message.comment == ["First line.", "Second", "and third."])
        #expect(message.fields.map(\.comment) == [["about x"], ["about y"]])
    }

    @Test func literals() throws {
        let file = try parse(#"""
            syntax = 'proto3';
            option a = -0x10;
            option b = 017;
            option c = 1.5e3;
            option d = -inf;
            option e = "x\n\x41\101\u00e9" 'y';
            option f = 18446744073709551615;
            message M { int32 big = 536870911; }
            enum E { MIN = -2147483648; }
            """#)
        #expect(file.options.map(\.value) == [.integer(-16), .integer(15), .float(1500), .float(-.infinity),
                                              .string("x\nAA\u{e9}y"), .unsignedInteger(.max)])
        #expect(file.messages[0].fields[0].number == 536_870_911)
        #expect(file.enums[0].values[0].number == Int32.min)
    }

    // MARK: errors, each with its line and column

    @Test func syntaxMustBeProto3() {
        expectParseError("message A {}", at: 1, 1, "expected 'syntax = \"proto3\";' first")
        expectParseError("syntax = \"proto2\";", at: 1, 10, "only \"proto3\"")
        expectParseError("edition = \"2023\";", at: 1, 1, "editions are not supported")
    }

    @Test func proto2FeaturesAreRefused() {
        let header = "syntax = \"proto3\";\n"
        expectParseError(header + "message A {\n  required int32 a = 1;\n}", at: 3, 3, "'required' is proto2")
        expectParseError(header + "message A {\n  repeated group G = 1 {}\n}", at: 3, 12, "groups are proto2")
        expectParseError(header + "message A { group G = 1 { } }", at: 2, 13, "groups are proto2")
        expectParseError(header + "message A { extensions 100 to 200; }", at: 2, 13, "extension ranges")
        expectParseError(header + "extend Foo { int32 a = 1; }", at: 2, 1, "extensions ('extend')")
    }

    @Test func grammarErrors() {
        let header = "syntax = \"proto3\";\n"
        expectParseError(header + "message A {\n  int32 a = 1\n}", at: 4, 1, "expected ';', found '}'")
        expectParseError(header + "message A {\n  int32 a = 1;\n", at: 4, 1, "expected '}' to close message 'A', found end of file")
        expectParseError(header + "message A { int32 = 1; }", at: 2, 19, "expected a field name")
        expectParseError(header + "message A { int32 a = 0; }", at: 2, 23, "field number 0 is out of range")
        expectParseError(header + "message A { int32 a = 4294967296; }", at: 2, 23, "out of range")
        expectParseError(header + "message A { int32 a = 99999999999999999999; }", at: 2, 23, "out of range")
        expectParseError(header + "message A { oneof o { repeated int32 a = 1; } }", at: 2, 23, "oneof members cannot be 'repeated'")
        expectParseError(header + "message A { oneof o { map<int32, int32> a = 1; } }", at: 2, 23, "map fields cannot be oneof members")
        expectParseError(header + "message A { map<Foo, int32> a = 1; }", at: 2, 17, "map keys must be")
        expectParseError(header + "message A { repeated map<int32, int32> a = 1; }", at: 2, 13, "map fields cannot be repeated")
        expectParseError(header + "package a;\npackage b;", at: 3, 1, "only one package")
        expectParseError(header + "message A { reserved 5 to 2; }", at: 2, 22, "is empty")
        expectParseError(header + "enum E { A = 2147483648; }", at: 2, 14, "enum value 2147483648 is out of range")
        expectParseError(header + "service S { rpc A(B) returns C; }", at: 2, 30, "expected '('")
        expectParseError(header + "service S { int32 a = 1; }", at: 2, 13, "expected 'rpc', 'option' or '}'")
        expectParseError(header + "42", at: 2, 1, "expected a top-level declaration")
    }

    @Test func lexicalErrors() {
        let header = "syntax = \"proto3\";\n"
        expectParseError(header + "option a = \"open;\n", at: 2, 12, "unterminated string")
        expectParseError(header + "/* never closed", at: 2, 1, "unterminated /* comment")
        expectParseError(header + "message A { int32 a = 1; } @", at: 2, 28, "unexpected character '@'")
        expectParseError(header + "option a = \"\\q\";", at: 2, 14, "invalid escape")
        expectParseError(header + "option a = 08;", at: 2, 12, "invalid octal literal")
        expectParseError(header + "option a = 12abc;", at: 2, 12, "malformed number")
        expectParseError(header + "option a = { b: 1 ", at: 2, 12, "unterminated option value")
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let depth = 100
        let text = "syntax = \"proto3\";\n" + String(repeating: "message M {", count: depth) + String(repeating: "}", count: depth)
        expectParseError(text, at: 2, 1 + 11 * 64, "nested more than 64 deep")
    }

    @Test func arbitraryBytesNeverCrash() throws {
        var generator = SplitMix(seed: 7)
        let alphabet = Array("syntax=\"proto3\";message{}[]()<>,.-+:/*\\'0x9e mapoptionalrepeatedoneofenumservicerpc stream\n\t")
        for _ in 0..<1000 {
            let length = Int(generator.next() % 80)
            var text = "syntax = \"proto3\";\n"
            for _ in 0..<length { text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            _ = try? ProtoParser.parse(text, path: "fuzz.proto")
            _ = try? ProtoGenerator.generate("fuzz.proto", sources: ["fuzz.proto": text])
        }
        // Mutations of a valid file reach the checks and the emitter too.
        let valid = Array(Self.everything.utf8)
        let sources = ["other.proto": "syntax = \"proto3\";", "weak.proto": "syntax = \"proto3\";"]
        var unmutated = sources
        unmutated["fuzz.proto"] = Self.everything
        #expect(throws: Never.self) { _ = try ProtoGenerator.generate("fuzz.proto", sources: unmutated) }
        for _ in 0..<200 {
            var bytes = valid
            for _ in 0..<(1 + generator.next() % 3) {
                let index = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes.remove(at: index)
                case 1: bytes.insert(UInt8(ascii: ";"), at: index)
                default: bytes[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))].asciiValue ?? 32
                }
            }
            var files = sources
            files["fuzz.proto"] = String(decoding: bytes, as: UTF8.self)
            _ = try? ProtoGenerator.generate("fuzz.proto", sources: files)
        }
    }
}

/// The shared seeded generator (BridgeTestSupport), for the fuzz loop.
typealias SplitMix = SeededGenerator
