/// The generator's entry point: .proto text in, Swift text out, nothing else touched.
///
/// `generate` parses the file and its imports (through the caller's loader), checks them
/// (``ProtoSemantics``) and emits Swift for the one file asked for (``SwiftEmitter``); the
/// output uses IPCBridge's Protobuf runtime (`ProtoMessage`, `ProtoJSONMessage`,
/// `ProtoMethod`). Any problem with the input is a thrown ``ProtoGeneratorError`` with its
/// file, line and column.
public enum ProtoGenerator {
    /// Swift source for `path`, whose text and imports the loader provides.
    public static func generate(_ path: String, options: ProtoGeneratorOptions = ProtoGeneratorOptions(),
                                loader: ProtoSemantics.Loader) throws(ProtoGeneratorError) -> String {
        let schema = try ProtoSemantics.check(path, loader: loader)
        guard let file = schema.files[path] else {
            throw ProtoGeneratorError("\"\(path)\" was not loaded", at: ProtoSourceLocation(file: path, line: 1, column: 1))
        }
        if WellKnownProtos.source(for: path) != nil { return "" }
        let emitter = SwiftEmitter(schema: schema, options: options)
        try SwiftNameCheck(context: emitter.context).check(file)
        return emitter.emit(file)
    }

    /// Swift source for `path`, given every file it needs as text by path.
    public static func generate(_ path: String, sources: [String: String],
                                options: ProtoGeneratorOptions = ProtoGeneratorOptions()) throws(ProtoGeneratorError) -> String {
        try generate(path, options: options) { sources[$0] }
    }
}
