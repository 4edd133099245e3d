// `npm run eval -- <kind> <dataset dir> [options]`: quality reports, one module per kind
// in scripts/eval/<kind>.ts exporting `run(args: string[]): Promise<number>` (exit code).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [kind, ...rest] = process.argv.slice(2);
const file = kind ? resolve(import.meta.dirname, 'eval', `${kind}.ts`) : '';
if (!kind || !existsSync(file)) {
  console.error(
    'usage: npm run eval -- <detect|holes|holes-large|text|all|sr|faces> <dataset dir> | --wider   e.g. npm run eval -- holes ../shared/datasets/dev\n       npm run eval -- generate [--out eval-data/wider]   (builds the wider set)',
  );
  process.exit(2);
}
const mod = (await import(pathToFileURL(file).href)) as { run(args: string[]): Promise<number> };
process.exitCode = await mod.run(rest);
