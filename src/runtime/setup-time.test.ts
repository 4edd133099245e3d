import { describe, expect, it } from 'vitest';
import { setupTimes } from './setup-time.ts';

describe('setup times', () => {
  it('is absent when the job set nothing up', () => {
    expect(setupTimes([])).toBeUndefined();
  });

  it('counts overlapping spans once, sessions beyond the models', () => {
    const t = setupTimes([
      { kind: 'models', start: 0, end: 100 },
      { kind: 'models', start: 50, end: 150, downloaded: true },
      // Two sessions side by side; the second starts while a model is still being read.
      { kind: 'sessions', start: 150, end: 400 },
      { kind: 'sessions', start: 120, end: 300 },
      { kind: 'sessions', start: 500, end: 600 },
    ]);
    expect(t).toEqual({ modelsMs: 150, downloaded: true, sessionsMs: 350 });
  });

  it('says no download when every model came from the cache', () => {
    expect(setupTimes([{ kind: 'models', start: 10, end: 12 }])).toEqual({ modelsMs: 2, downloaded: false, sessionsMs: 0 });
  });
});
