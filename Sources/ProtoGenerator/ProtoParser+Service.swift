/// Services: `service Name { rpc Method ([stream] In) returns ([stream] Out); }`.
extension ProtoParser {
    mutating func parseService() throws(ProtoGeneratorError) -> ProtoServiceDecl {
        let start = next()
        let name = try expectIdentifier("a service name")
        let open = try expect("{")
        var service = ProtoServiceDecl(name: name, comment: comment(from: start, to: open), location: start.location)
        while !accept("}") {
            switch current.kind {
            case .symbol(";"):
                next()
            case .identifier("option"):
                service.options.append(try parseOptionStatement())
            case .identifier("rpc"):
                service.methods.append(try parseMethod())
            case .identifier, .endOfFile, .integer, .float, .string, .symbol:
                throw unexpected("'rpc', 'option' or '}'")
            }
        }
        return service
    }

    private mutating func parseMethod() throws(ProtoGeneratorError) -> ProtoMethodDecl {
        let start = next()
        let name = try expectIdentifier("a method name")
        let (input, clientStreaming, inputLocation) = try parseMethodType()
        try expectKeyword("returns")
        let (output, serverStreaming, outputLocation) = try parseMethodType()
        var options: [ProtoOption] = []
        let end: ProtoToken
        if accept("{") {
            while true {
                if current.isSymbol("}") { break }
                if accept(";") { continue }
                guard current.isIdentifier("option") else { throw unexpected("'option' or '}'") }
                options.append(try parseOptionStatement())
            }
            end = next()
        } else {
            end = try expect(";")
        }
        return ProtoMethodDecl(name: name, inputType: input, outputType: output, clientStreaming: clientStreaming,
                               serverStreaming: serverStreaming, options: options, comment: comment(from: start, to: end),
                               location: start.location, inputLocation: inputLocation, outputLocation: outputLocation)
    }

    /// `( [stream] Type )`.
    private mutating func parseMethodType() throws(ProtoGeneratorError) -> (ProtoTypeReference, Bool, ProtoSourceLocation) {
        try expect("(")
        var streaming = false
        // `stream` is a keyword unless it is the whole type (a message may be called `stream`);
        // like protoc, `(stream.Foo)` reads as a stream of `.Foo`.
        if current.isIdentifier("stream"), !peek(1).isSymbol(")") {
            streaming = true
            next()
        }
        let location = current.location
        let type = try parseTypeName()
        try expect(")")
        return (type, streaming, location)
    }
}
