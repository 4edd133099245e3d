#!/usr/bin/env node
// Launcher for `npx cleanplate ...`. Runs the prebuilt bundle (dist-cli/bin, made by
// `npm run build`) when it is there and no source it was built from has changed since, with
// V8's code cache of it (./code-cache.js); otherwise the TypeScript sources through tsx's
// loader, which is the same program started more slowly (transpiling at start-up).
// CLEANPLATE_DEBUG=1 says which one runs and why, and whether the code cache was used.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = resolve(root, 'dist-cli/bin/cleanplate.cjs');

/** Why the bundle cannot be used, or null when it can. */
function staleBecause() {
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return 'not built (npm run build)';
  }
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(resolve(root, 'dist-cli/bin/inputs.json'), 'utf8'));
  } catch {
    return 'its list of sources is missing (npm run build)';
  }
  for (const file of inputs) {
    let changed;
    try {
      changed = statSync(resolve(root, file)).mtimeMs;
    } catch {
      return `${file} is gone since it was built (npm run build)`;
    }
    if (changed > built) return `${file} changed since it was built (npm run build)`;
  }
  return null;
}

const debug = (line) => process.env.CLEANPLATE_DEBUG && process.stderr.write(`cleanplate: ${line}\n`);
const argv = process.argv.slice(2);
const why = staleBecause();
let code;
if (why) {
  debug(`running the sources through tsx: the bundle is ${why}`);
  const { register } = await import('tsx/esm/api');
  register();
  const { start } = await import('../src/cli/main.ts');
  code = await start(argv);
} else {
  const { requireWithCodeCache, commandKey } = await import('./code-cache.js');
  const program = requireWithCodeCache(bundle, commandKey(argv));
  debug(`running the bundle (${program.reused ? 'compiled code from the cache' : 'compiling it'})`);
  code = await program.exports.start(argv);
  program.keep(code === 0);
}
// Exit explicitly: native inference sessions may keep the event loop alive.
process.exit(code);
