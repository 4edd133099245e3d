import { expect, it } from 'vitest';
import { keptPlanes } from './kept-planes.ts';

it('gives each slot one plane, as long as asked, until a longer one is asked for', () => {
  const plane = keptPlanes();
  const a = plane(0, 100);
  a.fill(7);
  expect(a.length).toBe(100);
  const shorter = plane(0, 40);
  expect(shorter.length).toBe(40);
  expect(shorter.buffer).toBe(a.buffer);
  expect(shorter[39]).toBe(7);
  const other = plane(1, 40);
  expect(other.buffer).not.toBe(a.buffer);
  const longer = plane(0, 150);
  expect(longer.length).toBe(150);
  expect(longer.buffer).not.toBe(a.buffer);
  expect(plane(0, 120).buffer).toBe(longer.buffer);
  expect(keptPlanes()(0, 40).buffer).not.toBe(shorter.buffer);
});
