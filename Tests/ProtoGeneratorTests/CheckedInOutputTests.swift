import Foundation
import Testing
import ProtoGenerator

/// The grpc.testing and grpc.health.v1 types in Sources/Protobuf/GRPCTesting are this
/// generator's output, checked in: regenerating from ../shared/grpc-testing gives the same text
/// (scripts/generate-protos.sh rewrites them).
@Suite("Checked-in generated code is current")
struct CheckedInOutputTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let protoRoot = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/grpc-testing")

    @Test("each interop and health proto generates exactly the checked-in Swift", arguments: [
        ("src/proto/grpc/testing/messages.proto", "messages.pb.swift"), ("src/proto/grpc/testing/empty.proto", "empty.pb.swift"),
        ("src/proto/grpc/testing/test.proto", "test.pb.swift"), ("grpc/health/v1/health.proto", "health.pb.swift"),
    ])
    func current(proto: String, swiftFile: String) throws {
        let root = Self.protoRoot.path
        let generated = try ProtoGenerator.generate(proto, options: ProtoGeneratorOptions(imports: ["BridgeCore"])) { path in
            try? String(contentsOfFile: root + "/" + path, encoding: .utf8)
        }
        let checkedIn = try String(contentsOf: Self.packageRoot.appendingPathComponent("Sources/Protobuf/GRPCTesting/\(swiftFile)"), encoding: .utf8)
        #expect(generated == checkedIn, "Sources/Protobuf/GRPCTesting/\(swiftFile) is stale: run scripts/generate-protos.sh")
    }
}
