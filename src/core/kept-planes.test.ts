import { expect, it } from 'vitest';
import { keptArrays, keptPlanes } from './kept-planes.ts';

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

it('keeps arrays of other types the same way', () => {
  const flags = keptArrays((n) => new Uint8Array(n));
  const a = flags(0, 64).fill(1);
  expect(a).toBeInstanceOf(Uint8Array);
  expect(flags(0, 32).buffer).toBe(a.buffer);
  expect(flags(0, 32)[31]).toBe(1);
  expect(flags(0, 65).buffer).not.toBe(a.buffer);
});
