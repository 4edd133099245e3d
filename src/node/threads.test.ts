import { expect, it } from 'vitest';
import { inferenceThreads, shareOfCores } from './threads.ts';

it('gives a lone process every core and side-by-side processes their share, never less than one', () => {
  expect(inferenceThreads({}, 8)).toBe(8);
  expect(inferenceThreads({ CLEANPLATE_THREADS: '2' }, 8)).toBe(2);
  for (const bad of ['0', '-1', '1.5', 'many', '']) expect(inferenceThreads({ CLEANPLATE_THREADS: bad }, 8)).toBe(8);
  expect(shareOfCores(1, 8)).toBe(8);
  expect(shareOfCores(3, 8)).toBe(2);
  expect(shareOfCores(4, 2)).toBe(1);
});
