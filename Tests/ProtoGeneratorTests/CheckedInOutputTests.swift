import Foundation
import Testing
import ProtoGenerator

/// Every generated Swift file in the repository is this generator's output, checked in:
/// regenerating from its .proto gives the same text (scripts/generate-protos.sh rewrites them).
/// The grpc.testing and grpc.health.v1 types (from ../shared/grpc-testing) and ipcbridge.v1 (from
/// Protos) are compiled inside the Protobuf target, so they import BridgeCore only; the Greeter of
/// the service tests and the example's Inventory import the runtime as a user's code does.
@Suite("Checked-in generated code is current")
struct CheckedInOutputTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedProtos = "../shared/grpc-testing"

    struct Output: Sendable, CustomTestStringConvertible {
        /// The proto root (`--proto-path`), relative to the package.
        let root: String
        let proto: String
        /// The checked-in file, relative to the package.
        let swiftFile: String
        let insideProtobuf: Bool

        var testDescription: String { swiftFile }
    }

    static let outputs = [
        Output(root: sharedProtos, proto: "src/proto/grpc/testing/messages.proto", swiftFile: "Sources/Protobuf/GRPCTesting/messages.pb.swift", insideProtobuf: true),
        Output(root: sharedProtos, proto: "src/proto/grpc/testing/empty.proto", swiftFile: "Sources/Protobuf/GRPCTesting/empty.pb.swift", insideProtobuf: true),
        Output(root: sharedProtos, proto: "src/proto/grpc/testing/test.proto", swiftFile: "Sources/Protobuf/GRPCTesting/test.pb.swift", insideProtobuf: true),
        Output(root: sharedProtos, proto: "grpc/health/v1/health.proto", swiftFile: "Sources/Protobuf/GRPCTesting/health.pb.swift", insideProtobuf: true),
        Output(root: "Protos", proto: "ipcbridge/v1/bridge.proto", swiftFile: "Sources/Protobuf/Bridge/bridge.pb.swift", insideProtobuf: true),
        Output(root: "Tests/BridgeServicesTests/Fixtures", proto: "greeter.proto", swiftFile: "Tests/BridgeServicesTests/Fixtures/greeter.pb.swift",
               insideProtobuf: false),
        Output(root: "examples/CustomService", proto: "inventory.proto", swiftFile: "examples/CustomService/inventory.pb.swift", insideProtobuf: false),
    ]

    @Test("each .proto generates exactly the checked-in Swift", arguments: outputs)
    func current(_ output: Output) throws {
        let root = Self.packageRoot.appendingPathComponent(output.root).path
        let options = output.insideProtobuf ? ProtoGeneratorOptions(imports: ["BridgeCore"]) : ProtoGeneratorOptions()
        let generated = try ProtoGenerator.generate(output.proto, options: options) { path in
            try? String(contentsOfFile: root + "/" + path, encoding: .utf8)
        }
        let checkedIn = try String(contentsOf: Self.packageRoot.appendingPathComponent(output.swiftFile), encoding: .utf8)
        #expect(generated == checkedIn, "\(output.swiftFile) is stale: run scripts/generate-protos.sh")
    }
}
