import BridgeIO
import Synchronization

/// The live connections of a server, so shutdown can drain them.
final class ConnectionRegistry: Sendable {
    private let connections = Mutex<[ObjectIdentifier: FramedServerConnection]>([:])

    func add(_ connection: FramedServerConnection) {
        connections.withLock { $0[ObjectIdentifier(connection)] = connection }
    }

    func remove(_ connection: FramedServerConnection) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    var count: Int { connections.withLock { $0.count } }

    var all: [FramedServerConnection] { connections.withLock { Array($0.values) } }
}
