// The status line's account of what filled a removal.
import { describe, expect, it } from 'vitest';
import type { RegionRun } from '../../ops/inpaint/index.ts';
import { textFillLine } from './remove.ts';

const run = (engine: string) => ({ engine }) as RegionRun;

describe('the fill named on the status line after Remove text', () => {
  it('names the engines that filled, each once', () => {
    expect(textFillLine([run('transport'), run('patchmatch'), run('transport')])).toBe('fill with coherence transport + PatchMatch');
  });

  it('says no fill was needed when every box was unblended, not "fill with none"', () => {
    expect(textFillLine([])).toBe('no fill needed');
  });
});
