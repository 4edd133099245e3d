// Hex SHA-256 on Node hosts, synchronously with Node's own hash: 1.5 against Web Crypto's
// 8.6 ms (core/hash.ts) for a 2.4 MB detector, which every start pays for each model and
// optimised copy it opens. The browser keeps core/hash.ts.
import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of the bytes (the same string as core/hash.ts's sha256Hex). */
export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
