// The launcher (bin/cleanplate.js) runs the prebuilt bundle only while it is fresh. Tried on
// a copy of the launcher in a scratch project whose "bundle" and "sources" each say which
// they are, so the real dist-cli/ that other tests run is never touched.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAUNCHER, ROOT, tempDir } from './test/run-cli.ts';

const project = tempDir('launcher');
afterAll(() => rmSync(project, { recursive: true, force: true }));

function write(path: string, text: string, at?: Date): void {
  mkdirSync(join(project, path, '..'), { recursive: true });
  writeFileSync(join(project, path), text);
  if (at) utimesSync(join(project, path), at, at);
}

const run = () =>
  spawnSync(process.execPath, [join(project, 'bin/cleanplate.js')], {
    encoding: 'utf8',
    env: { ...process.env, CLEANPLATE_DEBUG: '1' },
  });

describe('bin/cleanplate.js', () => {
  mkdirSync(join(project, 'bin'));
  copyFileSync(LAUNCHER, join(project, 'bin/cleanplate.js'));
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  write('package.json', JSON.stringify({ type: 'module' }));
  write('src/cli/main.ts', "const from: string = 'sources';\nconsole.log(from);\n", new Date(2020, 0, 1));

  it('falls back to the sources through tsx when no bundle is built, and says why', () => {
    const r = run();
    expect(r.stdout.trim()).toBe('sources');
    expect(r.stderr).toContain('the bundle is not built (npm run build)');
  });

  it('runs the bundle while no source it lists is newer', () => {
    write('dist-cli/bin/inputs.json', JSON.stringify(['src/cli/main.ts']));
    write('dist-cli/bin/cleanplate.mjs', "console.log('bundle');\n");
    const r = run();
    expect(r.stdout.trim()).toBe('bundle');
    expect(r.stderr).toContain('running the bundle');
  });

  it('runs the sources again once one of them changed after the build', () => {
    write('src/cli/main.ts', "const from: string = 'sources';\nconsole.log(from);\n", new Date(Date.now() + 60_000));
    const r = run();
    expect(r.stdout.trim()).toBe('sources');
    expect(r.stderr).toContain('src/cli/main.ts changed since it was built');
  });
});
