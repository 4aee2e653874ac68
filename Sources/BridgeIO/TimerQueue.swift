/// Identifies a scheduled timer so it can be cancelled.
public struct TimerID: Hashable, Sendable {
    /// The slot's generation in the high 32 bits, its index in the low 32.
    let rawValue: UInt64
}

/// A min-heap of deadlines with cancellable entries: pure bookkeeping, no clock inside.
/// The event loop asks it for the earliest deadline (to bound `epoll_wait`) and pops what is due.
///
/// A client arms a timer per call and cancels it when the answer comes, hundreds of thousands
/// of times a second, so both are cheap: actions live in reusable slots named by index (no
/// hashing), and a cancelled timer's heap entry is left to go stale (its slot's generation has
/// moved on) rather than dug out of the heap. Stale entries are bounded: once they outnumber
/// the live ones twice over, the heap is rebuilt from the live ones, so memory follows the
/// timers pending, not the rate times the timeout.
struct TimerQueue {
    private struct Entry {
        var deadline: UInt64
        var slot: UInt32
        var generation: UInt32
    }

    private struct Slot {
        var action: (() -> Void)?
        var generation: UInt32 = 0
    }

    private var heap: [Entry] = []
    private var slots: [Slot] = []
    private var freeSlots: [UInt32] = []
    private(set) var count = 0

    /// Heap entries kept, live or stale (for tests of the bound).
    var heapSize: Int { heap.count }

    mutating func schedule(at deadline: UInt64, _ action: @escaping () -> Void) -> TimerID {
        let slot: UInt32
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = UInt32(truncatingIfNeeded: slots.count)
            slots.append(Slot())
        }
        slots[Int(slot)].action = action
        let generation = slots[Int(slot)].generation
        count += 1
        heap.append(Entry(deadline: deadline, slot: slot, generation: generation))
        siftUp(heap.count - 1)
        return TimerID(rawValue: UInt64(generation) << 32 | UInt64(slot))
    }

    /// Forgets a timer; true when it was still pending.
    @discardableResult
    mutating func cancel(_ timer: TimerID) -> Bool {
        let slot = Int(truncatingIfNeeded: timer.rawValue & 0xFFFF_FFFF)
        let generation = UInt32(truncatingIfNeeded: timer.rawValue >> 32)
        guard slot < slots.count, slots[slot].generation == generation, slots[slot].action != nil else { return false }
        release(slot)
        if heap.count > 64 && heap.count > 3 * count { compact() }
        return true
    }

    mutating func earliestDeadline() -> UInt64? {
        while let top = heap.first {
            if isLive(top) { return top.deadline }
            popTop()
        }
        return nil
    }

    mutating func popDue(now: UInt64) -> [() -> Void] {
        var due: [() -> Void] = []
        while let top = heap.first, top.deadline <= now {
            popTop()
            guard isLive(top), let action = slots[Int(top.slot)].action else { continue }
            release(Int(top.slot))
            due.append(action)
        }
        return due
    }

    private func isLive(_ entry: Entry) -> Bool {
        Self.isLive(entry, in: slots)
    }

    private static func isLive(_ entry: Entry, in slots: [Slot]) -> Bool {
        let slot = slots[Int(entry.slot)]
        return slot.generation == entry.generation && slot.action != nil
    }

    /// Empties a slot for reuse; its generation moves on, so its heap entry and TimerID go stale.
    private mutating func release(_ slot: Int) {
        slots[slot].action = nil
        slots[slot].generation &+= 1
        freeSlots.append(UInt32(truncatingIfNeeded: slot))
        count -= 1
    }

    /// Drops the stale entries and restores the heap order (bottom-up, linear time).
    private mutating func compact() {
        let slots = self.slots
        heap.removeAll { !Self.isLive($0, in: slots) }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count && heap[right].deadline < heap[smallest].deadline { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
