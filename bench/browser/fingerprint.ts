// A byte fingerprint computable identically in Node and in a worker without a secure
// context (crypto.subtle is missing on about:blank): two FNV-1a 32-bit hashes.
export function fingerprint(bytes: ArrayLike<number>): string {
  let a = 0x811c9dc5,
    b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193) >>> 0;
    b = Math.imul(b ^ bytes[i] ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
