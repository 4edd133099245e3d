import { describe, expect, it } from 'vitest';
import { placeJob } from './placement.ts';

describe('placeJob', () => {
  it('sends every job under Server (whole jobs), none under the browser backends or tile offload', () => {
    expect(placeJob('server-jobs', 1000)).toBe('server');
    for (const choice of ['webgpu', 'wasm', 'server'] as const) expect(placeJob(choice, 60e6, 60e6)).toBe('browser');
  });

  it('under Auto, sends a photo over 24 MP or a result over 16 MP, keeps the rest here', () => {
    expect(placeJob('auto', 12e6)).toBe('browser');
    expect(placeJob('auto', 24e6)).toBe('browser');
    expect(placeJob('auto', 24e6 + 1)).toBe('server');
    // A 4 MP photo upscaled x2 makes 16 MP (stays), x3 makes 36 MP (goes).
    expect(placeJob('auto', 4e6, 16e6)).toBe('browser');
    expect(placeJob('auto', 4e6, 36e6)).toBe('server');
  });
});
