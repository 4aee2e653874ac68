import IPCBridge

/// The Inventory service of inventory.proto: a stock table behind a lock (handlers run
/// concurrently, on any thread) and one typed handler per rpc.
final class InventoryService: Sendable {
    private let stock = Locked<[String: Inventory_V1_Item]>([
        "kb-01": Inventory_V1_Item(sku: "kb-01", name: "keyboard", inStock: 12, labels: ["colour": "grey"]),
        "ms-02": Inventory_V1_Item(sku: "ms-02", name: "mouse", inStock: 3),
    ])
    private let reservations = Locked(0)

    /// Registers both rpcs; a thrown BridgeError is the status every transport's caller sees.
    func register(in services: inout ServiceRegistry) {
        services.register(Inventory_V1_Inventory.GetItem.self) { request, _ in
            try self.item(request.sku)
        }
        services.register(Inventory_V1_Inventory.Reserve.self) { request, _ in
            try self.reserve(request)
        }
    }

    private func item(_ sku: String) throws(BridgeError) -> Inventory_V1_Item {
        guard let item = stock.withLock({ $0[sku] }) else { throw BridgeError(.notFound, "no item '\(sku)'") }
        return item
    }

    private func reserve(_ request: Inventory_V1_ReserveRequest) throws(BridgeError) -> Inventory_V1_Reservation {
        guard request.quantity > 0 else { throw BridgeError(.invalidArgument, "quantity must be positive") }
        let item = try stock.withLock { stock throws(BridgeError) -> Inventory_V1_Item in
            guard var item = stock[request.sku] else { throw BridgeError(.notFound, "no item '\(request.sku)'") }
            guard item.inStock >= request.quantity else {
                throw BridgeError(.failedPrecondition, "only \(item.inStock) of '\(request.sku)' in stock")
            }
            item.inStock -= request.quantity
            stock[request.sku] = item
            return item
        }
        let number = reservations.withLock { count in
            count += 1
            return count
        }
        return Inventory_V1_Reservation(reservationID: "r-\(number)", item: item)
    }
}
