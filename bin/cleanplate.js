#!/usr/bin/env node
// Launcher for `npx cleanplate ...`. Runs the prebuilt bundle (dist-cli/bin, made by
// `npm run build`) when it is there and no source it was built from has changed since, with
// V8's code cache of it (./code-cache.js); otherwise the TypeScript sources through tsx's
// loader, which is the same program started more slowly (transpiling at start-up).
// CLEANPLATE_DEBUG=1 says which one runs and why, and whether the code cache was used.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { hasMallocTunables, withMallocTunables } from './malloc.js';

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

/**
 * Commands that work on images in their own process: worth a second start for glibc's malloc
 * settings (./malloc.js). Not `batch`, `worker` and `apply --timeout`: their work runs in
 * child processes, which they start with the settings; and they stop gracefully on a first
 * SIGINT, which a terminal sends to both processes while this one would pass it on again (a
 * second one stops at once).
 */
const IMAGE_COMMANDS = new Set(['apply', 'inpaint', 'remove-text', 'redact', 'upscale', 'detect']);

/** Whether the command line works on images in this process (`apply --timeout` replays in a child, as batch does). */
function worksInProcess() {
  const timed = argv.some((a) => a === '--timeout' || a.startsWith('--timeout='));
  return IMAGE_COMMANDS.has(argv[0]) && !(argv[0] === 'apply' && timed);
}

/**
 * This launcher again, in a child process with `env`; resolves to its exit code. Signals sent
 * to this process (a job runner's SIGTERM) are passed on; a child ended by a signal ends this
 * process by the same signal.
 */
function runAgain(env) {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, forward);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 1);
    }),
  );
}

if (process.platform === 'linux' && worksInProcess() && !hasMallocTunables(process.env)) {
  debug('starting again with glibc malloc settings that keep freed memory (bin/malloc.js)');
  process.exit(await runAgain(withMallocTunables(process.env)));
}
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
