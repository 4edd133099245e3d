// `npm run build:cli` (part of `npm run build`): bundles the command line into one CommonJS
// file, dist-cli/bin/cleanplate.cjs, so `cleanplate` starts as plain JavaScript instead of
// transpiling its TypeScript through tsx at every start (about a third of a second of a 960 px
// detection). One classic script, not ES modules, because bin/cleanplate.js compiles it with
// vm.Script and keeps V8's code cache of it (bin/code-cache.js): only a script can be given
// cached code. Packages stay external (node_modules beside the bundle, loaded with `require`),
// except the small pure-JS ones every command loads (BUNDLED). The bundle sits two folders
// below the project root, as src/cli/main.ts does, so the paths the sources resolve from their
// own folder (`import.meta.dirname`: models/, bin/) still land in the project. inputs.json
// lists the source files it was built from: bin/cleanplate.js runs it only while none is newer.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const CLI_BUNDLE_DIR = resolve(ROOT, 'dist-cli/bin');

/**
 * Packages bundled into the CLI: zod and fflate load on every command, as some 95 small
 * modules that Node would find, read and compile one by one at each start (bundled: ~15 ms
 * less CPU per start). Native packages (sharp, onnxruntime-node) and the ones only
 * `cleanplate worker` loads stay external; a CommonJS bundle requires them, each one plain
 * CommonJS load (sharp's ES build alone is 12 modules).
 */
const BUNDLED = new Set(['zod', 'fflate']);
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const EXTERNAL = Object.keys(pkg.dependencies)
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

rmSync(resolve(ROOT, 'dist-cli'), { recursive: true, force: true });
mkdirSync(CLI_BUNDLE_DIR, { recursive: true });
const result = await build({
  entryPoints: [resolve(ROOT, 'src/cli/main.ts')],
  outfile: resolve(CLI_BUNDLE_DIR, 'cleanplate.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  // The sources are ES modules: their import.meta becomes the CommonJS module's own file.
  define: { 'import.meta.dirname': '__dirname', 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const inputs = Object.keys(result.metafile.inputs).map((f) => relative(ROOT, resolve(ROOT, f)));
writeFileSync(resolve(CLI_BUNDLE_DIR, 'inputs.json'), JSON.stringify(inputs));
console.log(`cleanplate CLI bundled into ${relative(ROOT, CLI_BUNDLE_DIR)}/cleanplate.cjs (${inputs.length} sources)`);
