// Float32 planes kept from call to call instead of allocated afresh, for work that needs
// planes of the same few sizes over and over (a detection's passes). A fresh buffer's pages
// each cost a fault on first touch, and where faults are dear that outweighs the loops that
// fill them: on the project's VMs, 40 allocations of a 4 MB Float32Array took 515 ms in a
// Chromium worker (which maps each large buffer anew) against 31 ms in Node.

/**
 * Slot `slot`'s plane as a view of n values, the same memory on every call until a larger n
 * is asked for (then a new one). It holds whatever was last written: callers write before
 * they read, and two planes in use at once need two slots.
 */
export type KeptPlanes = (slot: number, n: number) => Float32Array<ArrayBuffer>;

export function keptPlanes(): KeptPlanes {
  return keptArrays((n) => new Float32Array(n));
}

/** keptPlanes for arrays of another type: `make(n)` makes one of n elements. */
export function keptArrays<T extends { length: number; subarray(begin: number, end: number): T }>(
  make: (n: number) => T,
): (slot: number, n: number) => T {
  const kept: T[] = [];
  return (slot, n) => {
    if ((kept[slot]?.length ?? -1) < n) kept[slot] = make(n);
    return kept[slot].subarray(0, n);
  };
}
