// Test helpers: the real command, spawned as a user would run it, and small dev-set inputs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** The `cleanplate` command (package.json's bin): a shell script that starts LAUNCHER. */
export const COMMAND = join(ROOT, 'bin/cleanplate');
export const LAUNCHER = join(ROOT, 'bin/cleanplate.js');
export const DEV = resolve(ROOT, '../shared/datasets/dev');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(...args: string[]): CliResult {
  const r = spawnSync(COMMAND, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command started in its own process group, so a test can kill it and its workers. */
export function cliDetached(...args: string[]) {
  return spawn(COMMAND, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `cleanplate-${name}-`));

/** A small crop of a dev image, saved as PNG: keeps model runs in tests short. */
export async function crop(
  source: string,
  out: string,
  box: { left: number; top: number; width: number; height: number },
): Promise<string> {
  await sharp(source).extract(box).png().toFile(out);
  return out;
}
