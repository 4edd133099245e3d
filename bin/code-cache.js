// Runs the CLI bundle (one CommonJS file) with V8's code cache, so that a start does not parse
// and compile again the functions the command runs (V8 compiles each function on its first
// call, and a remove-text calls some thousands). The cache is made at the end of a run, after
// the command, so it holds every function the command compiled; there is one per bundle (its
// content), Node version, V8 flags and subcommand (a `detect` compiles less than a
// `remove-text`), in $CLEANPLATE_CACHE_DIR/v8 (default ~/.cache/cleanplate/v8, beside
// runtime/optimized-model.ts's onnx/), about 0.4 MB each. Anything wrong with the cache only
// costs the saving: a damaged file (checked against its sha256) or a foreign one (V8 checks
// its version, flags and the source's length) is not used, the program compiles as without
// one and writes a good one; a folder that cannot be written is skipped. Files unused for a
// month are removed when a new one is written (the bundle's pruneUnused, src/runtime/cache-prune.ts).
import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import vm from 'node:vm';

/** Bump when what is cached or how it is named changes. */
const FORMAT = 1;

/** $CLEANPLATE_CACHE_DIR/v8, else the user's cache folder ($XDG_CACHE_HOME or ~/.cache) under cleanplate/v8. */
export function codeCacheDir() {
  const own = process.env.CLEANPLATE_CACHE_DIR;
  if (own) return join(own, 'v8');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cleanplate', 'v8');
}

/**
 * The part of the command line that decides which functions a run compiles: the subcommand
 * (anything else a user types is kept out of the cache's name).
 */
export function commandKey(argv) {
  const name = argv[0] ?? '';
  return /^[a-z][a-z-]{0,23}$/.test(name) ? name : '-';
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/**
 * The cached data in `file` (its sha256, then the data V8 made), or undefined when there is
 * none or it does not match its sha256. V8 checks the data's header (its version, flags, the
 * source's length) but not, in release builds, the rest: a damaged byte could otherwise be run.
 */
function readChecked(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined; // none yet (or unreadable): compiled as usual, and kept at the end
  }
  const data = bytes.subarray(32);
  return bytes.length > 32 && sha256(data).equals(bytes.subarray(0, 32)) ? data : undefined;
}

/**
 * A cache that was used is written again when the run compiled this much more than it held
 * (by size): the first run of a command may have taken a short path (an image without text),
 * or only printed its help, and a later run should not be held to that. Making the data to
 * compare costs ~2 ms.
 */
const GROWN = 1.1;

/**
 * Loads `file` (a CommonJS module) as Node's `require` would, but compiled with the code cache
 * kept for `key`. Returns its exports, whether the cache was used, and `keep(ok)`, to call when
 * the program is done: when the run went well (`ok`) and there was no usable cache, or this run
 * compiled notably more than it held, it writes one for the next start.
 */
export function requireWithCodeCache(file, key) {
  const source = readFileSync(file, 'utf8');
  const name = createHash('sha256')
    .update(JSON.stringify([FORMAT, process.version, process.arch, process.execArgv, process.env.NODE_OPTIONS ?? '', key]))
    .update(source)
    .digest('hex')
    .slice(0, 32);
  const dir = codeCacheDir();
  const cacheFile = join(dir, `${name}.bin`);
  const cachedData = readChecked(cacheFile);
  // The bundle has no import() of its own (esbuild turns them into require), so the script
  // needs no dynamic-import loader.
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const reused = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {}, filename: file, id: file };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    reused,
    keep(ok) {
      if (!ok) return;
      const data = script.createCachedData();
      if (reused && data.length < cachedData.length * GROWN) {
        module.exports.markUsed?.(cacheFile);
        return;
      }
      const tmp = `${cacheFile}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, Buffer.concat([sha256(data), data]));
        renameSync(tmp, cacheFile);
        // Caches of earlier builds (and other Node versions) are never read again.
        module.exports.pruneUnused?.(dir);
      } catch {
        try {
          rmSync(tmp, { force: true });
        } catch {
          // the folder itself is unusable: nothing was written
        }
      }
    },
  };
}
