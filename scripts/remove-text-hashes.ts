// `node --import tsx scripts/remove-text-hashes.ts [dataset dir...] [--only a,b] [--out file]`:
// runs the whole remove-text flow (own detection, auto engine, recheck) on every text case
// (default: ../shared/datasets/dev and eval-data/wider) in one warm process and prints a
// sha256 of each result (image, mask, boxes, leftovers, runs) and the process's CPU time.
// Used to prove a speed change leaves every output byte-identical: run before and after,
// diff the hash lines.
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeTextWith } from '../src/ops/remove-text/remove-text.ts';
import { readRgba } from './eval/pixels.ts';
import { detector } from './eval/text-detector.ts';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const only = opt('--only')?.split(',');
const out = opt('--out');
const dirs = args.length ? args : ['../shared/datasets/dev', 'eval-data/wider'];

const real = await detector();
const lines: string[] = [];
let cpu = 0;
for (const dir of dirs) {
  const root = join(resolve(dir), 'text');
  for (const name of readdirSync(root).sort()) {
    if (only && !only.some((o) => name.includes(o))) continue;
    const texted = await readRgba(join(root, name, 'texted.png'));
    const t0 = process.cpuUsage();
    const r = await removeTextWith(real.detect, texted, {}, real.ctx);
    const t = process.cpuUsage(t0);
    cpu += (t.user + t.system) / 1000;
    const h = createHash('sha256');
    h.update(r.image.data);
    h.update(r.mask.data);
    h.update(JSON.stringify({ boxes: r.boxes, leftover: r.leftover, runs: r.runs, changed: r.changedOutside }));
    const line = `${name} ${h.digest('hex').slice(0, 16)}`;
    lines.push(line);
    console.log(`${line}  cpu ${Math.round((t.user + t.system) / 1000)} ms`);
  }
}
console.log(`total cpu ${Math.round(cpu)} ms`);
if (out) writeFileSync(out, lines.join('\n') + '\n');
