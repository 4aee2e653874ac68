/// Loads a .proto file and everything it imports, then checks them: every type name resolved
/// (across nesting, packages and imports), every proto3 rule of ``ProtoValidation`` applied.
///
/// Files come from a loader closure (path in, text out), so this stays pure: the caller decides
/// where files live. The well-known `google/protobuf/empty.proto` and `struct.proto` are built
/// in (``WellKnownProtos``).
public enum ProtoSemantics {
    /// Returns the text of the file imported as `path`, or nil when there is none.
    public typealias Loader = (String) -> String?

    /// Loads `path` and its imports and checks them all.
    public static func check(_ path: String, loader: Loader) throws(ProtoGeneratorError) -> ProtoSchema {
        var files = FileSet()
        try files.load(path, importedAt: nil, loader: loader)
        var symbols = ProtoSymbolTable()
        for loadedPath in files.order {
            guard let file = files.parsed[loadedPath] else { continue }
            try symbols.add(file, isRuntimeProvided: WellKnownProtos.source(for: loadedPath) != nil)
        }
        var resolved: [String: ProtoFile] = [:]
        for loadedPath in files.order {
            guard let file = files.parsed[loadedPath] else { continue }
            let resolver = ProtoTypeResolver(symbols: symbols, visibleFiles: files.visibleFiles(from: loadedPath), file: loadedPath)
            let checked = try resolve(file, with: resolver)
            try ProtoValidation.check(checked)
            resolved[loadedPath] = checked
        }
        return ProtoSchema(files: resolved, types: symbols.types)
    }

    /// Checks a set of files given as text, by path (the first argument names the root file).
    public static func check(_ path: String, sources: [String: String]) throws(ProtoGeneratorError) -> ProtoSchema {
        try check(path) { sources[$0] }
    }

    private static func resolve(_ file: ProtoFile, with resolver: ProtoTypeResolver) throws(ProtoGeneratorError) -> ProtoFile {
        var file = file
        for index in file.messages.indices {
            file.messages[index] = try resolver.resolveMessage(file.messages[index], in: file.package)
        }
        for serviceIndex in file.services.indices {
            for methodIndex in file.services[serviceIndex].methods.indices {
                let method = file.services[serviceIndex].methods[methodIndex]
                var resolvedMethod = method
                resolvedMethod.inputType = try resolver.resolveMethodType(method.inputType, in: file.package, at: method.inputLocation)
                resolvedMethod.outputType = try resolver.resolveMethodType(method.outputType, in: file.package, at: method.outputLocation)
                file.services[serviceIndex].methods[methodIndex] = resolvedMethod
            }
        }
        return file
    }

    /// The files loaded so far, in dependency order (imports before importers).
    private struct FileSet {
        var parsed: [String: ProtoFile] = [:]
        var order: [String] = []
        /// The chain of files being loaded, to report import cycles.
        var loading: [String] = []

        mutating func load(_ path: String, importedAt location: ProtoSourceLocation?, loader: Loader) throws(ProtoGeneratorError) {
            let here = location ?? ProtoSourceLocation(file: path, line: 1, column: 1)
            if let start = loading.firstIndex(of: path) {
                let cycle = (loading[start...] + [path]).joined(separator: " -> ")
                throw ProtoGeneratorError("import cycle: \(cycle)", at: here)
            }
            if parsed[path] != nil { return }
            if WellKnownProtos.isUnsupported(path) {
                throw ProtoGeneratorError("\"\(path)\" is not supported: the runtime provides only "
                                          + "\(WellKnownProtos.empty) and \(WellKnownProtos.structs)", at: here)
            }
            guard let text = WellKnownProtos.source(for: path) ?? loader(path) else {
                throw ProtoGeneratorError("cannot find \"\(path)\"", at: here)
            }
            let file = try ProtoParser.parse(text, path: path)
            loading.append(path)
            for dependency in file.imports {
                try load(dependency.path, importedAt: dependency.location, loader: loader)
            }
            loading.removeLast()
            parsed[path] = file
            order.append(path)
        }

        /// The file itself, its direct imports, and what those re-export with `import public`.
        func visibleFiles(from path: String) -> Set<String> {
            var visible: Set<String> = [path]
            var pending = parsed[path]?.imports.map(\.path) ?? []
            while let next = pending.popLast() {
                guard visible.insert(next).inserted else { continue }
                for publicImport in parsed[next]?.imports ?? [] where publicImport.modifier == .public {
                    pending.append(publicImport.path)
                }
            }
            return visible
        }
    }
}
