// Output files: a signal never leaves the write check's probe or a temporary file behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LOOP = join(import.meta.dirname, 'test/probe-loop.ts');

/** Starts probe-loop.ts on `folder`, signals it once it is checking, and resolves to its exit code. */
function stoppedWhileChecking(folder: string): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', LOOP, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.once('data', () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('the output folder check', () => {
  it('leaves no probe or temporary file behind when a signal stops the command while it writes', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cleanplate-probe-'));
    for (let run = 0; run < 40; run++) {
      expect(await stoppedWhileChecking(folder)).toBe(143);
      // a whole result may be there, nothing else
      expect(readdirSync(folder).filter((f) => f !== 'result.png')).toEqual([]);
    }
  });
});
