import { describe, expect, it } from 'vitest';
import { OP_NAMES, STEPS } from './manifest.ts';
import { MODELS } from './models.ts';
import { isOpId, opById, OPS } from './table.ts';

describe('the op table', () => {
  it('has one row per manifest step, under the step name, in the order messages list them', () => {
    expect(Object.keys(OPS)).toEqual([...OP_NAMES]);
    for (const [id, op] of Object.entries(OPS)) expect(op.step.op).toBe(id);
    expect(STEPS.map((s) => s.op)).toEqual(Object.keys(OPS));
  });

  it("declares coordinate fields that are fields of the op's step", () => {
    for (const op of Object.values(OPS)) {
      for (const field of Object.keys(op.step.coordinates)) expect(Object.keys(op.step.schema.shape)).toContain(field);
    }
  });

  it('declares model tasks that the registry has models for', () => {
    const tasks = new Set(MODELS.map((m) => m.task));
    for (const op of Object.values(OPS)) for (const task of op.models) expect(tasks).toContain(task);
    expect(opById('detect_text').changesPixels).toBe(false);
    expect(opById('upscale').label).toBe('Upscale');
  });

  it('names the known ops when asked for an unknown one', () => {
    expect(isOpId('sharpen')).toBe(false);
    expect(isOpId('toString')).toBe(false);
    expect(() => opById('sharpen')).toThrow(/Unknown operation "sharpen"\. Known operations: .*\bupscale\b/);
  });
});
