// Your own service on all three transports, in one process: the Inventory of inventory.proto
// (generated with `bridge generate inventory.proto -o .`) registered once on a ServiceRegistry,
// served by a ServerHost on free ports beside the validation service, and called by method name
// over framed TCP, HTTP and gRPC in the three calling styles.
//
//     swift run example-custom-service
//
// Exits 0 when every call answered as expected, 1 otherwise.
import Foundation
import IPCBridge
import ValidationService

var failures = 0

/// Prints a result line, counting the ones that are not what was expected.
@MainActor func report(_ transport: String, _ what: String, _ outcome: String, ok: Bool) {
    if !ok { failures += 1 }
    print("\(ok ? "ok  " : "FAIL") [\(transport)] \(what): \(outcome)")
}

var configuration = ServerHost.Configuration(tcp: "127.0.0.1:0", http: "127.0.0.1:0", threads: 2)
configuration.grpc = "127.0.0.1:0"
InventoryService().register(in: &configuration.services)
let host: ServerHost
do {
    host = try ServerHost(configuration: configuration)
} catch {
    print("cannot start the server: \(error)")
    exit(1)
}
print(host.listeningLine)

let bridges: [any Bridge]
do {
    bridges = [try TCPBridge(target: host.tcpAddress?.description ?? ""),
               try HTTPBridge(target: host.httpAddress?.description ?? ""),
               try GRPCBridge(target: host.grpcAddress?.description ?? "")]
} catch {
    print("cannot make the bridges: \(error)")
    exit(1)
}

for bridge in bridges {
    let transport = bridge.transport

    // async/await
    do {
        let item = try await bridge.call(Inventory_V1_Inventory.GetItem.self, Inventory_V1_GetItemRequest(sku: "kb-01"))
        report(transport, "GetItem kb-01 (async)", "\(item.name), \(item.inStock) in stock, labels \(item.labels)", ok: item.name == "keyboard")
    } catch {
        report(transport, "GetItem kb-01 (async)", "\(error)", ok: false)
    }

    // blocking: the main thread may park (it is not one of the concurrency pool's, which the
    // server's handlers run on).
    do {
        let reservation = try bridge.callBlocking(Inventory_V1_Inventory.Reserve.self, Inventory_V1_ReserveRequest(sku: "kb-01", quantity: 1))
        report(transport, "Reserve 1 × kb-01 (blocking)", "\(reservation.reservationID), \(reservation.item?.inStock ?? -1) left",
               ok: reservation.item?.sku == "kb-01")
    } catch {
        report(transport, "Reserve 1 × kb-01 (blocking)", "\(error)", ok: false)
    }

    // completion handler: runs on the bridge's callback pool
    let result: Result<Inventory_V1_Reservation, BridgeError> = await withCheckedContinuation { continuation in
        bridge.call(Inventory_V1_Inventory.Reserve.self, Inventory_V1_ReserveRequest(sku: "ms-02", quantity: 50)) { result in
            continuation.resume(returning: result)
        }
    }
    switch result {
    case .success(let reservation):
        report(transport, "Reserve 50 × ms-02 (callback)", "unexpectedly reserved \(reservation.reservationID)", ok: false)
    case .failure(let error):
        report(transport, "Reserve 50 × ms-02 (callback)", "refused: \(error.code) \(error.message)", ok: error.code == .failedPrecondition)
    }

    // the validation service, called the same way through its generated descriptor
    do {
        let request = Ipcbridge_V1_BridgeMessage(BridgeMessage.request("VALIDATION_REQUEST", attributes: ["board_id": "b-7", "voltage": 60]))
        let answer = BridgeMessage(try await bridge.call(Ipcbridge_V1_Validation.Validate.self, request))
        let result = answer.attributes["result"]?.stringValue ?? "?"
        report(transport, "Validate voltage 60", result, ok: result == "FAIL")
    } catch {
        report(transport, "Validate voltage 60", "\(error)", ok: false)
    }
    bridge.close()
}

host.shutdown(grace: .seconds(1))
print(failures == 0 ? "all calls answered as expected" : "\(failures) call(s) went wrong")
exit(failures == 0 ? 0 : 1)
