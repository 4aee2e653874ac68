/// A unary call to a method by name (`/package.Service/Method`), in both forms a transport may
/// carry it: the request's proto3 JSON (HTTP body, framed-TCP attributes) and its protobuf bytes
/// (gRPC), with how to read the response from either.
///
/// It sits in BridgeCore, below the protobuf runtime, so that every ``Bridge`` can carry calls
/// by method name without knowing about generated types: the forms are closures, and a bridge
/// asks only for the one its wire uses. `bridge.call(Greeter.SayHello.self, request)` (in
/// BridgeServices) builds one from a generated method descriptor; the forms are made lazily so
/// a gRPC call never writes JSON and an HTTP call never writes protobuf.
public struct MethodCall<Response: Sendable>: Sendable {
    /// `/package.Service/Method`: the gRPC `:path` and the HTTP route.
    public let path: String
    /// The request's proto3 JSON form, with the .proto field names as CONTRACT.md's JSON form uses.
    public let requestJSON: @Sendable () -> JSONValue
    /// The request's protobuf bytes.
    public let requestBytes: @Sendable () -> [UInt8]
    /// Reads the response from its JSON form; throws `INTERNAL` when it is not one.
    public let responseFromJSON: @Sendable (JSONValue) throws(BridgeError) -> Response
    /// Reads the response from its protobuf bytes; throws `INTERNAL` when they are not one.
    public let responseFromBytes: @Sendable ([UInt8]) throws(BridgeError) -> Response

    /// A call to `path` whose forms are made on demand by the closures (see the properties).
    public init(path: String,
                requestJSON: @escaping @Sendable () -> JSONValue,
                requestBytes: @escaping @Sendable () -> [UInt8],
                responseFromJSON: @escaping @Sendable (JSONValue) throws(BridgeError) -> Response,
                responseFromBytes: @escaping @Sendable ([UInt8]) throws(BridgeError) -> Response) {
        self.path = path
        self.requestJSON = requestJSON
        self.requestBytes = requestBytes
        self.responseFromJSON = responseFromJSON
        self.responseFromBytes = responseFromBytes
    }

    /// A call whose response readers may throw anything: their failure is `INTERNAL`, saying the
    /// answer from `path` is not a `Response` (a server answering with something else is not
    /// the caller's fault).
    public init(path: String,
                requestJSON: @escaping @Sendable () -> JSONValue,
                requestBytes: @escaping @Sendable () -> [UInt8],
                readJSON: @escaping @Sendable (JSONValue) throws -> Response,
                readBytes: @escaping @Sendable ([UInt8]) throws -> Response) {
        @Sendable func read<Input>(_ input: Input, _ reader: (Input) throws -> Response) throws(BridgeError) -> Response {
            do {
                return try reader(input)
            } catch {
                throw BridgeError(.internal, "the answer from \(path) is not a \(Response.self): \(error)")
            }
        }
        self.init(path: path, requestJSON: requestJSON, requestBytes: requestBytes,
                  responseFromJSON: { json throws(BridgeError) in try read(json, readJSON) },
                  responseFromBytes: { bytes throws(BridgeError) in try read(bytes, readBytes) })
    }

    /// `package.Service/Method` (the path without its leading `/`): the `type` of the
    /// BridgeMessage that carries this call over framed TCP, as a server's registry expects it.
    public var messageType: String { path.hasPrefix("/") ? String(path.dropFirst()) : path }
}
