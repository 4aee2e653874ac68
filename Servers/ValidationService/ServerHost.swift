import BridgeCore
import BridgeIO
import TCPBridge

/// The validation service behind its listeners, in one object: what `bridge-server` runs, and
/// what tests and `bridge demo` start in-process.
///
/// ```swift
/// let host = try ServerHost(configuration: .init(tcp: "127.0.0.1:0"))
/// print(host.listeningLine)            // listening tcp=127.0.0.1:41234
/// defer { host.shutdown() }
/// ```
public final class ServerHost: Sendable {
    public struct Configuration: Sendable {
        /// `HOST:PORT` or `unix:PATH` for the framed TCP listener; nil for none.
        public var tcp: String?
        public var token: String?
        public var rules: RuleSet
        public var maxFrameBytes: Int
        /// Event loops; default one per CPU this process may use.
        public var threads: Int
        public var limits: ValidationServiceLimits

        public init(tcp: String? = nil, token: String? = nil, rules: RuleSet = .builtIn,
                    maxFrameBytes: Int = Frame.defaultMaxBytes, threads: Int = EventLoopGroup.defaultThreadCount,
                    limits: ValidationServiceLimits = .defaults) {
            self.tcp = tcp
            self.token = token
            self.rules = rules
            self.maxFrameBytes = maxFrameBytes
            self.threads = threads
            self.limits = limits
        }
    }

    public let group: EventLoopGroup
    public let service: ValidationService
    public let tcpServer: FramedServer?

    /// Starts every listener the configuration names; when this returns they all accept.
    public init(configuration: Configuration) throws(BridgeError) {
        do {
            group = try EventLoopGroup(threads: configuration.threads, name: "server-io")
        } catch {
            throw BridgeError(.internal, "cannot start event loops", cause: error.description)
        }
        service = ValidationService(rules: configuration.rules, limits: configuration.limits)
        if let tcp = configuration.tcp {
            do {
                let address = try SocketAddress(parsing: tcp)
                let framed = FramedServerConfiguration(maxFrameBytes: configuration.maxFrameBytes, token: configuration.token)
                tcpServer = try FramedServer(address: address, group: group, service: service, configuration: framed)
            } catch {
                group.shutdown()
                throw BridgeError(.unavailable, "cannot listen on \(tcp)", transport: "tcp", target: tcp, cause: error.description)
            }
        } else {
            tcpServer = nil
        }
    }

    /// The framed TCP address actually bound (with the real port when 0 was asked for).
    public var tcpAddress: SocketAddress? { tcpServer?.address }

    /// The contract's ready line: `listening tcp=H:P` (only the listeners asked for).
    public var listeningLine: String {
        var parts = ["listening"]
        if let tcpAddress { parts.append("tcp=\(tcpAddress)") }
        return parts.joined(separator: " ")
    }

    /// Graceful shutdown: stop accepting, finish in-flight work (up to `grace`), stop the loops.
    public func shutdown(grace: Duration = .seconds(5)) {
        tcpServer?.shutdown(grace: grace)
        group.shutdown()
    }
}
