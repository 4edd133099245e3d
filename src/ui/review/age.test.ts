import { describe, expect, it } from 'vitest';
import { age } from './age.ts';

describe('age', () => {
  const at = Date.parse('2026-01-02T00:00:00Z');
  it('says how long in the largest unit that fits', () => {
    expect(age('2026-01-01T23:59:20Z', at)).toBe('40 s');
    expect(age('2026-01-01T23:47:00Z', at)).toBe('13 min');
    expect(age('2026-01-01T20:59:00Z', at)).toBe('3 h');
    expect(age('2025-12-30T00:00:00Z', at)).toBe('3 d');
    expect(age('2026-01-02T00:00:09Z', at)).toBe('0 s'); // a clock slightly ahead is not negative
  });
});
