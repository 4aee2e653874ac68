// swift-tools-version:6.0
// IPCBridge: one validation service over framed TCP, HTTP/1.1 and gRPC.
// No package dependencies: the toolchain and the OS's C libraries only.
import PackageDescription

let package = Package(
    name: "IPCBridge",
    products: [
        .library(name: "IPCBridge", targets: ["IPCBridge"]),
        .library(name: "BridgeConformance", targets: ["BridgeConformance"]),
        .executable(name: "bridge", targets: ["bridge"]),
        .executable(name: "bridge-server", targets: ["bridge-server"]),
    ],
    targets: [
        // Layer 0: the few C declarations Swift's Glibc module does not expose (epoll, eventfd).
        .target(name: "CBridgeSystem"),
        // Layer 1: event loops, sockets, timers, buffered writes.
        .target(name: "BridgeIO", dependencies: ["CBridgeSystem"]),
        // Layer 2: the message model, JSON form, errors, the Bridge protocol, the callback runtime.
        .target(name: "BridgeCore", dependencies: ["BridgeIO"]),
        // Layer 3: the framed TCP transport, client (TCPBridge) and server halves.
        .target(name: "TCPBridge", dependencies: ["BridgeCore", "BridgeIO"]),
        // Layer 3: HTTP/1.1 framing, pure (bytes in, messages out), for server and client.
        .target(name: "HTTP1"),
        // Layer 4: the HTTP transport, client (HTTPBridge, HTTPClient) and server (HTTPServer) shells.
        .target(name: "HTTPBridge", dependencies: ["HTTP1", "BridgeCore", "BridgeIO"]),
        // Layer 3: the protobuf wire codec, ProtoMessage, well-known types, BridgeMessage's binary form.
        .target(name: "Protobuf", dependencies: ["BridgeCore"]),
        // Layer 3: HPACK header compression (RFC 7541), pure.
        .target(name: "HPACK"),
        // Layer 3: HTTP/2 frames and (to come) connection/stream state machines, pure.
        .target(name: "HTTP2", dependencies: ["HPACK"]),
        // Layer 4: gRPC over our HTTP/2 (framing, timeouts, status, metadata; server and client shells to come).
        .target(name: "GRPC", dependencies: ["HTTP2", "HPACK", "BridgeCore", "BridgeIO"]),
        // Layer 5: GRPCBridge, the Bridge over gRPC.
        .target(name: "GRPCBridge", dependencies: ["GRPC", "Protobuf", "BridgeCore", "BridgeIO"]),
        // Layer 5: your own services: ServiceRegistry (one typed handler served over gRPC, HTTP and framed TCP)
        // and Bridge.call(Method.self, request) on any bridge.
        .target(name: "BridgeServices", dependencies: ["BridgeCore", "BridgeIO", "Protobuf", "GRPC", "HTTP1", "HTTPBridge"]),
        // SQLite from the OS, for the durable request log.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // Umbrella: `import IPCBridge` gives the whole public API.
        .target(name: "IPCBridge", dependencies: ["BridgeCore", "BridgeIO", "TCPBridge", "HTTP1", "HTTPBridge", "GRPC", "GRPCBridge", "Protobuf",
                                                  "BridgeServices"]),
        // Flag parsing shared by the two executables.
        .target(name: "CommandLineSupport"),
        // The validation service (rules, test knobs, SHA-256) and its listeners.
        .target(name: "ValidationService", dependencies: ["IPCBridge", "CSQLite", "GRPC", "Protobuf", "BridgeServices"], path: "Servers/ValidationService"),
        .executableTarget(name: "bridge-server", dependencies: ["ValidationService", "BridgeCore", "CommandLineSupport", "CBridgeSystem"], path: "Servers/bridge-server"),
        // Conformance checks any server can be run against.
        .target(name: "BridgeConformance", dependencies: ["IPCBridge"]),
        // The CLI: call, load, conformance, demo.
        .executableTarget(name: "bridge", dependencies: ["IPCBridge", "BridgeConformance", "ValidationService", "CommandLineSupport",
                                                         "ProtoGenerator", "LoadReport"]),
        // examples/: small programs on the IPCBridge library alone, as a user would write them (scripts/run-examples.sh runs them).
        .executableTarget(name: "example-blocking-client", dependencies: ["IPCBridge"], path: "examples/BlockingClient"),
        .executableTarget(name: "example-callback-client", dependencies: ["IPCBridge"], path: "examples/CallbackClient"),
        .executableTarget(name: "example-webhook-receiver", dependencies: ["IPCBridge"], path: "examples/WebhookReceiver"),
        .executableTarget(name: "example-streaming-client", dependencies: ["IPCBridge"], path: "examples/StreamingClient"),
        // The HTML load report (latency histogram and CDF, throughput, errors as hand-written SVG): pure, no dependencies.
        .target(name: "LoadReport"),
        // The .proto -> Swift generator: pure (text in, Swift text out), no dependencies.
        .target(name: "ProtoGenerator"),

        .target(name: "BridgeTestSupport", path: "Tests/BridgeTestSupport"),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"]),
        .testTarget(name: "ProtobufTests", dependencies: ["Protobuf"], exclude: ["Fixtures/generate.py"]),
        .testTarget(name: "HPACKTests", dependencies: ["HPACK"]),
        .testTarget(name: "ProtoGeneratorTests", dependencies: ["ProtoGenerator", "BridgeTestSupport"]),
        .testTarget(name: "LoadReportTests", dependencies: ["LoadReport", "BridgeTestSupport"]),
        .testTarget(name: "HTTP2Tests", dependencies: ["HTTP2", "HPACK"]),
        .testTarget(name: "GRPCBridgeTests", dependencies: ["IPCBridge", "ValidationService", "BridgeTestSupport"]),
        .testTarget(name: "GRPCTests", dependencies: ["GRPC", "HPACK", "HTTP2", "BridgeIO", "BridgeTestSupport"]),
        .testTarget(name: "BridgeCoreTests", dependencies: ["BridgeCore", "BridgeTestSupport"]),
        .testTarget(name: "BridgeIOTests", dependencies: ["BridgeTestSupport", "BridgeIO"]),
        .testTarget(name: "TCPBridgeTests", dependencies: ["BridgeTestSupport", "IPCBridge", "ValidationService"]),
        .testTarget(name: "HTTPBridgeTests", dependencies: ["BridgeTestSupport", "IPCBridge", "ValidationService"]),
        .testTarget(name: "ValidationServiceTests", dependencies: ["BridgeTestSupport", "ValidationService"]),
        .testTarget(name: "ConformanceTests", dependencies: ["BridgeConformance", "ValidationService"]),
        .testTarget(name: "InteropTests", dependencies: ["IPCBridge", "ValidationService"], exclude: ["python"]),
        .testTarget(name: "BridgeServicesTests", dependencies: ["BridgeTestSupport", "IPCBridge", "BridgeServices", "BridgeCore", "Protobuf",
                                                                "ValidationService"],
                    exclude: ["Fixtures/greeter.proto", "python"]),
        // examples/CustomService: your own service on all three transports, in-process.
        .executableTarget(name: "example-custom-service", dependencies: ["IPCBridge", "ValidationService"], path: "examples/CustomService",
                          exclude: ["inventory.proto"]),
    ]
)
