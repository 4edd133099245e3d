// `npm run bench [-- <name>...]`: runs every benchmark in bench/*.bench.ts (or the named ones),
// prints one table per benchmark and writes bench-results/<name>.json plus bench-results/all.json
// (where a run of some benchmarks replaces only their entries).
// A benchmark module exports `run(): Promise<BenchReport>`.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchReport } from '../bench/report.ts';
import { printReport } from '../bench/report.ts';

const dir = resolve(import.meta.dirname, '../bench');
const outDir = resolve(import.meta.dirname, '../bench-results');
mkdirSync(outDir, { recursive: true });
const wanted = process.argv.slice(2);
const known = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const unknown = wanted.filter((n) => !known.includes(n));
if (unknown.length) {
  const help = unknown.every((n) => n === '--help' || n === '-h');
  (help ? console.log : console.error)(
    `${help ? '' : `No benchmark named ${unknown.join(', ')}. `}usage: npm run bench [-- <name>...]; names: ${known.join(', ')}`,
  );
  process.exit(help ? 0 : 2);
}
const names = known.filter((n) => wanted.length === 0 || wanted.includes(n));

const allFile = resolve(outDir, 'all.json');
const earlier = existsSync(allFile)
  ? (JSON.parse(readFileSync(allFile, 'utf8')) as { results?: Record<string, BenchReport> }).results
  : undefined;
const all: Record<string, BenchReport> = { ...earlier };
for (const name of names) {
  const mod = (await import(pathToFileURL(resolve(dir, `${name}.bench.ts`)).href)) as { run(): Promise<BenchReport> };
  console.log(`\n== ${name} ==`);
  const report = await mod.run();
  printReport(report);
  all[name] = report;
  writeFileSync(resolve(outDir, `${name}.json`), JSON.stringify(report, null, 2));
}
writeFileSync(allFile, JSON.stringify({ when: new Date().toISOString(), results: all }, null, 2));
console.log(`\nwrote ${outDir}/all.json`);
// The results are written: a library timer a benchmark's server left behind must not hold the
// report's process open.
process.exit(0);
