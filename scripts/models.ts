// `npm run models -- --from <dir>`: import model files into models/ after checking sha256.
// `npm run models -- --list`: show which registered models are installed.
// Files are copied (never committed: models/*.onnx is git-ignored).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MODELS, type ModelEntry } from '../src/ops/models.ts';

const MODELS_DIR = resolve(import.meta.dirname, '../models');

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function installed(m: ModelEntry): 'ok' | 'missing' | 'wrong-sha256' {
  const p = join(MODELS_DIR, m.file);
  if (!existsSync(p)) return 'missing';
  if (m.sha256 && sha256File(p) !== m.sha256) return 'wrong-sha256';
  return 'ok';
}

function importFrom(dir: string, ifPresent: boolean): number {
  if (!existsSync(dir)) {
    if (ifPresent) return 0;
    console.error(`models: folder ${dir} does not exist. Pass the folder holding the .onnx files, e.g. --from ../shared/models`);
    return 2;
  }
  let failures = 0;
  for (const m of MODELS) {
    const src = join(dir, m.file);
    if (!existsSync(src)) {
      if (m.sha256) console.log(`  skip     ${m.id.padEnd(28)} ${m.file} not in ${dir}`);
      continue;
    }
    const dst = join(MODELS_DIR, m.file);
    const size = statSync(src).size;
    if (existsSync(dst) && statSync(dst).size === size && installed(m) === 'ok') {
      console.log(`  present  ${m.id.padEnd(28)} ${m.file}`);
      continue;
    }
    const sum = sha256File(src);
    if (m.sha256 && sum !== m.sha256) {
      console.error(`  REFUSED  ${m.id.padEnd(28)} ${src}: sha256 ${sum} does not match the registry's ${m.sha256}`);
      failures++;
      continue;
    }
    copyFileSync(src, dst);
    console.log(`  imported ${m.id.padEnd(28)} ${m.file} (${(size / 1e6).toFixed(1)} MB)`);
  }
  return failures ? 1 : 0;
}

function list(): number {
  for (const m of MODELS) console.log(`  ${installed(m).padEnd(13)} ${m.id.padEnd(28)} ${m.file}  (${m.licence})`);
  return 0;
}

const args = process.argv.slice(2);
const fromIdx = args.indexOf('--from');
if (fromIdx >= 0 && args[fromIdx + 1]) {
  process.exitCode = importFrom(resolve(args[fromIdx + 1]), args.includes('--if-present'));
} else if (args.includes('--list') || args.length === 0) {
  process.exitCode = list();
} else {
  console.error('usage: npm run models -- --from <dir> [--if-present] | --list');
  process.exitCode = 2;
}
