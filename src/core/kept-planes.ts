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
  const planes: Float32Array<ArrayBuffer>[] = [];
  return (slot, n) => {
    if ((planes[slot]?.length ?? -1) < n) planes[slot] = new Float32Array(n);
    return planes[slot].subarray(0, n);
  };
}
