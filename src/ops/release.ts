// Frees a typed array's memory now instead of at the next garbage collection.
// Why: an upscale makes ~12 bytes of float tile buffers per output pixel over a job (57 MB for a
// 2048x2048 result). V8 collects dead ArrayBuffers only when their external memory has grown
// by about 64 MB, so all of it piles up before any is freed: the job's peak memory doubles.
// Detaching a buffer (ArrayBuffer.prototype.transfer(0): Chromium 114+, Node 22+) frees its
// backing store at once; where transfer is missing this does nothing and GC frees it later.

interface Transferable {
  transfer?(newLength: number): unknown;
  readonly detached?: boolean;
}

/**
 * Releases the memory of `views`' buffers. Call only on arrays that the caller owns whole
 * and never reads again: every other view of the same buffer becomes empty. Views over part
 * of a larger buffer, and shared buffers, are left alone.
 */
export function releaseBuffers(...views: readonly (ArrayBufferView | null | undefined)[]): void {
  for (const v of views) {
    if (!v || v.byteOffset !== 0 || v.byteLength !== v.buffer.byteLength) continue;
    const b = v.buffer as ArrayBufferLike & Transferable;
    if (typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer) continue;
    try {
      if (!b.detached) b.transfer?.(0);
    } catch {
      // Not detachable (a host-owned buffer, e.g. a native addon's): garbage collection frees it.
    }
  }
}
