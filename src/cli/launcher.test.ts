// The launcher (bin/cleanplate.js) runs the prebuilt bundle only while it is fresh, and keeps
// V8's code cache of it (bin/code-cache.js); on Linux it starts image commands again with
// glibc's malloc settings (bin/malloc.js). Tried on a copy of the launcher in a scratch
// project whose "bundle" and "sources" each say which they are, so the real dist-cli/ that
// other tests run is never touched.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MALLOC_TUNABLES } from '../../bin/malloc.js';
import { COMMAND, LAUNCHER, ROOT, tempDir } from './test/run-cli.ts';

const project = tempDir('launcher');
afterAll(() => rmSync(project, { recursive: true, force: true }));

function write(path: string, text: string, at?: Date): void {
  mkdirSync(join(project, path, '..'), { recursive: true });
  writeFileSync(join(project, path), text);
  if (at) utimesSync(join(project, path), at, at);
}

/** The environment the launcher runs in: this one's, less any glibc settings, and `more`. */
function launcherEnv(cacheDir: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { GLIBC_TUNABLES: _, ...env } = process.env;
  return { ...env, CLEANPLATE_DEBUG: '1', CLEANPLATE_CACHE_DIR: cacheDir, ...more };
}

/** The launcher with `args`, its code cache in `cacheDir`. */
const run = (args: string[] = [], cacheDir = join(project, 'cache'), more: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [join(project, 'bin/cleanplate.js'), ...args], { encoding: 'utf8', env: launcherEnv(cacheDir, more) });

/**
 * A bundle as esbuild makes it (CommonJS, `start(argv)` exported) whose answer takes some
 * functions to compute: the primes below 2000 and the command's first argument. `version`
 * changes its text but not its length.
 */
const bundle = (version: number) => `"use strict";
function isPrime(n) { for (let d = 2; d * d <= n; d++) if (n % d === 0) return false; return n > 1; }
const primes = (below) => Array.from({ length: below }, (_, n) => n).filter(isPrime);
module.exports.start = async (argv) => {
  console.log(\`bundle ${version} \${argv[0]} \${primes(2000).length} \${require('node:path').basename(__filename)}\`);
  return argv[0] === 'fail' ? 2 : 0;
};
`;

const cacheFiles = (dir: string) => readdirSync(join(dir, 'v8')).filter((f) => f.endsWith('.bin'));

describe('bin/cleanplate.js', () => {
  mkdirSync(join(project, 'bin'));
  copyFileSync(LAUNCHER, join(project, 'bin/cleanplate.js'));
  copyFileSync(join(ROOT, 'bin/code-cache.js'), join(project, 'bin/code-cache.js'));
  copyFileSync(join(ROOT, 'bin/malloc.js'), join(project, 'bin/malloc.js'));
  copyFileSync(COMMAND, join(project, 'bin/cleanplate'));
  chmodSync(join(project, 'bin/cleanplate'), 0o755);
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  write('package.json', JSON.stringify({ type: 'module' }));
  write(
    'src/cli/main.ts',
    'export async function start(argv: string[]): Promise<number> {\n  console.log(`sources ${argv[0]}`);\n  return 0;\n}\n',
    new Date(2020, 0, 1),
  );

  it('falls back to the sources through tsx when no bundle is built, and says why', () => {
    const r = run(['detect']);
    expect(r.stdout.trim()).toBe('sources detect');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('the bundle is not built (npm run build)');
  });

  it('runs the bundle while no source it lists is newer, and compiles it from the cache from the second start', () => {
    write('dist-cli/bin/inputs.json', JSON.stringify(['src/cli/main.ts']));
    write('dist-cli/bin/cleanplate.cjs', bundle(1));
    const first = run(['detect']);
    expect(first.stdout.trim()).toBe('bundle 1 detect 303 cleanplate.cjs');
    expect(first.stderr).toContain('running the bundle (compiling it)');
    expect(cacheFiles(join(project, 'cache'))).toHaveLength(1);
    const second = run(['detect']);
    expect(second.stdout).toBe(first.stdout);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('running the bundle (compiled code from the cache)');
  });

  it('keeps one cache per subcommand, and none for a run that failed', () => {
    expect(run(['fail']).status).toBe(2);
    expect(cacheFiles(join(project, 'cache'))).toHaveLength(1);
    const other = run(['remove-text']);
    expect(other.stdout.trim()).toBe('bundle 1 remove-text 303 cleanplate.cjs');
    expect(other.stderr).toContain('(compiling it)');
    expect(cacheFiles(join(project, 'cache'))).toHaveLength(2);
  });

  it('does not use the cache of a bundle since rebuilt, even one of the same length', () => {
    write('dist-cli/bin/cleanplate.cjs', bundle(2));
    const r = run(['detect']);
    expect(r.stdout.trim()).toBe('bundle 2 detect 303 cleanplate.cjs');
    expect(r.stderr).toContain('(compiling it)');
  });

  it('has the bundle prune the cache folder when it writes a cache there, and mark a cache it reads as used', () => {
    const dir = join(project, 'pruned');
    const say = (what: string) => `(x) => process.stderr.write(\`${what} \${x}\\n\`)`;
    write(
      'dist-cli/bin/cleanplate.cjs',
      `${bundle(3)}module.exports.pruneUnused = ${say('prune')};\nmodule.exports.markUsed = ${say('used')};\n`,
    );
    const first = run(['detect'], dir);
    expect(first.stderr).toContain(`prune ${join(dir, 'v8')}\n`);
    expect(first.stderr).not.toContain('used ');
    const second = run(['detect'], dir);
    expect(second.stderr).toContain('(compiled code from the cache)');
    expect(second.stderr).toContain(`used ${join(dir, 'v8', cacheFiles(dir)[0])}\n`);
    expect(second.stderr).not.toContain('prune ');
    write('dist-cli/bin/cleanplate.cjs', bundle(2));
  });

  it('runs correctly past a damaged cache file, and replaces it', () => {
    const dir = join(project, 'damaged');
    run(['detect'], dir);
    const [file] = cacheFiles(dir);
    const bytes = readFileSync(join(dir, 'v8', file));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(dir, 'v8', file), bytes);
    const damaged = run(['detect'], dir);
    expect(damaged.stdout.trim()).toBe('bundle 2 detect 303 cleanplate.cjs');
    expect(damaged.status).toBe(0);
    expect(damaged.stderr).toContain('(compiling it)');
    writeFileSync(join(dir, 'v8', file), 'not a code cache');
    expect(run(['detect'], dir).stdout.trim()).toBe('bundle 2 detect 303 cleanplate.cjs');
    expect(run(['detect'], dir).stderr).toContain('(compiled code from the cache)');
  });

  it('runs correctly when the cache folder cannot be made', () => {
    const blocked = join(project, 'a-file');
    writeFileSync(blocked, 'not a folder');
    for (let i = 0; i < 2; i++) {
      const r = run(['detect'], blocked);
      expect(r.stdout.trim()).toBe('bundle 2 detect 303 cleanplate.cjs');
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('(compiling it)');
    }
  });

  it('runs the sources again once one of them changed after the build', () => {
    write(
      'src/cli/main.ts',
      "export const start = async (): Promise<number> => (console.log('sources'), 0);\n",
      new Date(Date.now() + 60_000),
    );
    const r = run(['detect']);
    expect(r.stdout.trim()).toBe('sources');
    expect(r.stderr).toContain('src/cli/main.ts changed since it was built');
  });

  describe('glibc malloc settings', () => {
    /**
     * A bundle that prints the GLIBC_TUNABLES it runs with. `wait`: says "ready" and runs
     * until a SIGTERM, which it answers by exiting with 3; `die`: ends itself by SIGKILL.
     */
    const tunablesBundle = `"use strict";
module.exports.start = async (argv) => {
  console.log(\`tunables \${process.env.GLIBC_TUNABLES ?? '-'}\`);
  if (argv[1] === 'die') process.kill(process.pid, 'SIGKILL');
  if (argv[1] !== 'wait') return 0;
  process.on('SIGTERM', () => { console.log('stopping'); process.exit(3); });
  setInterval(() => {}, 1000);
  console.log('ready');
  return new Promise(() => {});
};
`;

    // Built after the sources, whose last change above is dated a minute ahead.
    const built = () => write('dist-cli/bin/cleanplate.cjs', tunablesBundle, new Date(Date.now() + 120_000));

    it('starts an image command again with them, and no other command', () => {
      built();
      const image = run(['remove-text']);
      expect(image.stdout.trim()).toBe(`tunables ${MALLOC_TUNABLES}`);
      expect(image.stderr).toContain('starting again with glibc malloc settings');
      expect(image.status).toBe(0);
      const other = run(['help']);
      expect(other.stdout.trim()).toBe('tunables -');
      expect(other.stderr).not.toContain('starting again');
    });

    it("keeps a user's own malloc settings and adds ours beside other tunables", () => {
      built();
      const own = run(['detect'], undefined, { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' });
      expect(own.stdout.trim()).toBe('tunables glibc.malloc.arena_max=2');
      expect(own.stderr).not.toContain('starting again');
      const other = run(['detect'], undefined, { GLIBC_TUNABLES: 'glibc.pthread.rseq=0' });
      expect(other.stdout.trim()).toBe(`tunables glibc.pthread.rseq=0:${MALLOC_TUNABLES}`);
    });

    it('passes a SIGTERM on to the program, and its exit code back', async () => {
      built();
      const launcher = spawn(process.execPath, [join(project, 'bin/cleanplate.js'), 'detect', 'wait'], {
        env: launcherEnv(join(project, 'cache')),
      });
      let out = '';
      launcher.stdout.setEncoding('utf8');
      for await (const chunk of launcher.stdout) {
        out += chunk;
        if (out.includes('ready')) break;
      }
      launcher.kill('SIGTERM');
      const [code] = await once(launcher, 'exit');
      expect(code).toBe(3);
    });

    describe('through the cleanplate command (bin/cleanplate, the shell script npm links)', () => {
      /** The command with `args`, run as npm's node_modules/.bin link to it runs it. */
      const command = (args: string[], more: NodeJS.ProcessEnv = {}) => {
        const link = join(project, 'node_modules-bin', 'cleanplate');
        mkdirSync(join(link, '..'), { recursive: true });
        rmSync(link, { force: true });
        symlinkSync(join(project, 'bin/cleanplate'), link);
        return spawnSync(link, args, { encoding: 'utf8', env: launcherEnv(join(project, 'cache'), more) });
      };

      it('gives an image command the settings in its first and only Node start, and no other command', () => {
        built();
        const image = command(['remove-text']);
        expect(image.stdout.trim()).toBe(`tunables ${MALLOC_TUNABLES}`);
        expect(image.stderr).not.toContain('starting again');
        expect(image.stderr).toContain('running the bundle');
        expect(image.status).toBe(0);
        const other = command(['help']);
        expect(other.stdout.trim()).toBe('tunables -');
      });

      it('gives the settings to the same commands as the JavaScript launcher', () => {
        // Two lists, one in each launcher: they must not drift apart.
        const names = (text: string) => [...text.matchAll(/[a-z][a-z-]+/g)].map((m) => m[0]).sort();
        const js = /IMAGE_COMMANDS = new Set\(\[([^\]]+)\]\)/.exec(readFileSync(LAUNCHER, 'utf8'))![1];
        const sh = /case "\$1" in\n\s*([^)]+)\)/.exec(readFileSync(COMMAND, 'utf8'))![1];
        expect(names(sh)).toEqual(names(js));
        expect(names(sh)).toContain('remove-text');
      });

      it("keeps a user's own malloc settings and adds ours beside other tunables", () => {
        built();
        expect(command(['detect'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).stdout.trim()).toBe('tunables glibc.malloc.arena_max=2');
        expect(command(['detect'], { GLIBC_TUNABLES: 'glibc.pthread.rseq=0' }).stdout.trim()).toBe(
          `tunables glibc.pthread.rseq=0:${MALLOC_TUNABLES}`,
        );
      });

      it('passes arguments through unchanged and gives back the exit code', () => {
        built();
        const r = command(['detect', 'die']);
        expect(r.signal).toBe('SIGKILL');
        write('dist-cli/bin/cleanplate.cjs', bundle(4), new Date(Date.now() + 120_000));
        expect(command(['a  b*']).stdout.trim()).toBe('bundle 4 a  b* 303 cleanplate.cjs');
        expect(command(['fail']).status).toBe(2);
      });
    });

    it('ends by the signal that ended the program', () => {
      built();
      const r = run(['detect', 'die']);
      expect(r.signal).toBe('SIGKILL');
    });
  });
});
