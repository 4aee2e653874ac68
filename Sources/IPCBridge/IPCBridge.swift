// The umbrella module: `import IPCBridge` gives a user the whole public API.
@_exported import BridgeCore
@_exported import BridgeIO
@_exported import TCPBridge
@_exported import HTTP1
@_exported import HTTPBridge
@_exported import GRPC
@_exported import GRPCBridge
@_exported import Protobuf
@_exported import BridgeServices
