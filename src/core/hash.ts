// Content hashes for model files, sources and results (manifest `sha256` fields).

/** Lower-case hex SHA-256 of the bytes; uses Web Crypto, present in browsers, workers and Node 20. */
export async function sha256Hex(bytes: ArrayBuffer | ArrayBufferView<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
