import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';
import { resolveMaskPath } from './manifest-io.ts';
import { tempDir } from './test/run-cli.ts';

describe('resolveMaskPath', () => {
  const root = tempDir('masks');
  const folder = join(root, 'job');
  mkdirSync(join(folder, 'masks'), { recursive: true });
  writeFileSync(join(folder, 'masks/a.png'), 'x');
  writeFileSync(join(root, 'secret.png'), 'x');
  symlinkSync(join(root, 'secret.png'), join(folder, 'masks/link.png'));

  it('resolves a mask inside the manifest folder', async () => {
    expect(await resolveMaskPath(folder, 'masks/a.png')).toMatch(/job\/masks\/a\.png$/);
  });

  it('refuses a symlink that leads out of the folder, and a missing mask', async () => {
    await expect(resolveMaskPath(folder, 'masks/link.png')).rejects.toThrow(
      new InputError(`mask "masks/link.png" leads outside the manifest's folder`),
    );
    await expect(resolveMaskPath(folder, 'masks/none.png')).rejects.toThrow(/not found/);
  });
});
