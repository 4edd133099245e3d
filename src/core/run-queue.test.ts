import { describe, expect, it } from 'vitest';
import { runQueue } from './run-queue.ts';

describe('runQueue', () => {
  it('runs tasks one at a time in call order, and goes on after a failure', async () => {
    const serially = runQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = serially(async () => {
      log.push('a start');
      await gate;
      log.push('a end');
      return 'a';
    });
    const b = serially(async () => {
      log.push('b');
      throw new Error('b failed');
    });
    const c = serially(async () => (log.push('c'), 'c'));
    await Promise.resolve();
    expect(log).toEqual(['a start']); // b waits for a
    release();
    expect(await a).toBe('a');
    await expect(b).rejects.toThrow('b failed');
    expect(await c).toBe('c');
    expect(log).toEqual(['a start', 'a end', 'b', 'c']);
  });
});
