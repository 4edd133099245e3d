// `npm run build:cli` (part of `npm run build`): bundles the command line into
// dist-cli/bin/, so `cleanplate` starts as plain JavaScript instead of transpiling its
// TypeScript through tsx at every start (about a third of a second of a 960 px detection).
// Packages stay external (node_modules beside the bundle), except the small pure-JS ones
// every command loads (BUNDLED). Each subcommand stays its own chunk, loaded when asked for. The bundle sits two folders below the project root, as
// src/cli/main.ts does, so the paths the sources resolve from their own folder
// (`import.meta.dirname`: models/, bin/) still land in the project. inputs.json lists the
// source files it was built from: bin/cleanplate.js runs it only while none is newer.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const CLI_BUNDLE_DIR = resolve(ROOT, 'dist-cli/bin');

/**
 * Packages bundled into the CLI: zod and fflate load on every command, as some 95 small ES
 * modules that Node would find, read and compile one by one at each start (bundled: ~15 ms
 * less CPU per start). Native packages (sharp, onnxruntime-node) and the ones only
 * `cleanplate worker` loads stay external.
 */
const BUNDLED = new Set(['zod', 'fflate']);
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const EXTERNAL = Object.keys(pkg.dependencies)
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

/**
 * External packages the bundle loads with `require` instead of `import`. Imported from an ES
 * module, Node scans a CommonJS package's source for its export names (onnxruntime-node) and
 * takes a dual package's ES build, many files (sharp: 12 modules and semver); required, each
 * is one plain CommonJS load. Both together: 40 against 108 ms of CPU at every start.
 */
const REQUIRED = ['sharp', 'onnxruntime-node'];

/** Resolves `import ... from '<REQUIRED package>'` to a CommonJS stub that requires it. */
const requirePackages: Plugin = {
  name: 'require-packages',
  setup(b) {
    const filter = new RegExp(`^(${REQUIRED.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === 'required' ? { path: args.path, external: true } : { path: args.path, namespace: 'required' },
    );
    b.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

rmSync(resolve(ROOT, 'dist-cli'), { recursive: true, force: true });
mkdirSync(CLI_BUNDLE_DIR, { recursive: true });
const result = await build({
  entryPoints: { cleanplate: resolve(ROOT, 'src/cli/main.ts') },
  outdir: CLI_BUNDLE_DIR,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [requirePackages],
  // The `require` the stubs above call (esbuild's ES output has none of its own).
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
const inputs = Object.keys(result.metafile.inputs)
  .filter((f) => !f.startsWith('required:'))
  .map((f) => relative(ROOT, resolve(ROOT, f)));
writeFileSync(resolve(CLI_BUNDLE_DIR, 'inputs.json'), JSON.stringify(inputs));
console.log(`cleanplate CLI bundled into ${relative(ROOT, CLI_BUNDLE_DIR)}/ (${inputs.length} sources)`);
