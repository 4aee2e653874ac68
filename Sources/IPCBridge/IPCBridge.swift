// The umbrella module: `import IPCBridge` gives a user the whole public API.
@_exported import BridgeCore
@_exported import BridgeIO
@_exported import TCPBridge
