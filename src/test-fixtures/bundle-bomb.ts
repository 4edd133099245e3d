// A zip bomb shaped as a cleanplate bundle: a valid manifest naming a result, a source and a
// mask, each a 900 MB entry of zeros, deflated to about 0.9 MB apiece (2.7 MB in all). Built
// by streaming 1 MB chunks through fflate, so making it never holds 900 MB; written once per
// machine to the temp folder and reused.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export const BOMB_ENTRY_BYTES = 900 * 1e6;
const CHUNK = 1 << 20;

function build(): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  const manifest = {
    type: 'cleanplate.manifest',
    version: 1,
    source: { file: 'source.png', sha256: 'a'.repeat(64), width: 8, height: 8 },
    steps: [{ op: 'inpaint', mask: 'masks/step-0.png' }],
    result: { file: 'result.png', sha256: 'b'.repeat(64), width: 8, height: 8, runs: [] },
  };
  const m = new ZipPassThrough('manifest.json');
  zip.add(m);
  m.push(new TextEncoder().encode(JSON.stringify(manifest)), true);
  const zeros = new Uint8Array(CHUNK);
  for (const name of ['result.png', 'source.png', 'masks/step-0.png']) {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    for (let left = BOMB_ENTRY_BYTES; left > 0; left -= CHUNK) {
      const n = Math.min(CHUNK, left);
      entry.push(n === CHUNK ? zeros : zeros.subarray(0, n), left === n);
    }
  }
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The bomb's path (made on first use). */
export function bundleBombPath(): string {
  const path = join(tmpdir(), 'cleanplate-bundle-bomb-3x900MB.zip');
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, build());
    renameSync(tmp, path);
  }
  return path;
}

export const bundleBomb = (): Uint8Array => new Uint8Array(readFileSync(bundleBombPath()));
