import CommandLineSupport
import Foundation
import ProtoGenerator

/// `bridge generate`: Swift types and service descriptors from a .proto file, on our protobuf
/// runtime (no protoc, no plugin).
enum GenerateCommand: CLICommand {
    static let usage = """
        usage: bridge generate FILE.proto [-o DIR] [--proto-path DIR] [--visibility public|package|internal]
                               [--no-import-protobuf]

          FILE.proto            a proto3 file: messages (nested, enums, maps, oneofs, optional), services
          -o, --output DIR      where FILE.pb.swift goes (default: the current directory)
          --proto-path DIR      where imports are looked up (default: FILE's directory); repeat-free,
                                google/protobuf/empty.proto and struct.proto are built in
          --visibility V        access level of the generated declarations (default public)
          --no-import-protobuf  for output compiled inside the Protobuf target itself

        Each message becomes a struct conforming to ProtoMessage (binary) and ProtoJSONMessage (proto3
        JSON, what HTTP and TCP carry); each service an enum of ProtoMethod descriptors with the gRPC
        path. Errors name FILE:LINE:COLUMN.
        example: bridge generate Protos/ipcbridge/v1/bridge.proto -o Sources/MyService
        """
    static let options: Set<String> = ["output", "proto-path", "visibility"]
    static let switches: Set<String> = ["no-import-protobuf"]

    static func run(_ arguments: ParsedArguments) async -> Int32 {
        var positionals = arguments.positionals
        var output = arguments.value("output") ?? "."
        if let index = positionals.firstIndex(of: "-o"), index + 1 < positionals.count {
            output = positionals[index + 1]
            positionals.removeSubrange(index...(index + 1))
        }
        guard positionals.count == 1, let file = positionals.first, file.hasSuffix(".proto") else {
            CLI.printError("generate needs one .proto file (got \(positionals))\n\(usage)")
            return 2
        }
        let root = arguments.value("proto-path") ?? (file as NSString).deletingLastPathComponent
        var options = ProtoGeneratorOptions()
        if let name = arguments.value("visibility") {
            guard let visibility = ProtoGeneratorOptions.Visibility(rawValue: name) else {
                CLI.printError("--visibility takes public, package or internal (got '\(name)')")
                return 2
            }
            options.visibility = visibility
        }
        if arguments.has("no-import-protobuf") { options.imports = ["BridgeCore"] }
        // Imports are paths relative to the proto root; the file itself is named the same way.
        let relative = root.isEmpty ? file : String(file.dropFirst(file.hasPrefix(root + "/") ? root.count + 1 : 0))
        let loader: (String) -> String? = { path in
            try? String(contentsOfFile: root.isEmpty ? path : root + "/" + path, encoding: .utf8)
        }
        do {
            let swift = try ProtoGenerator.generate(relative, options: options, loader: loader)
            let base = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            let destination = output + "/" + base + ".pb.swift"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try swift.write(toFile: destination, atomically: true, encoding: .utf8)
            print("wrote \(destination)")
            return 0
        } catch {
            CLI.printError("\(error)")
            return 1
        }
    }
}
