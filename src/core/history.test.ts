import { describe, expect, it } from 'vitest';
import { emptyHistory, record, redo, undo } from './history.ts';

describe('history', () => {
  it('undoes and redoes in order, one entry at a time', () => {
    let h = record(record(emptyHistory<string>(), 'a'), 'b');
    const u1 = undo(h)!;
    expect(u1.entry).toBe('b');
    const u2 = undo(u1.history)!;
    expect(u2.entry).toBe('a');
    expect(undo(u2.history)).toBeNull();
    const r1 = redo(u2.history)!;
    expect(r1.entry).toBe('a');
    h = redo(r1.history)!.history;
    expect(h).toEqual({ done: ['a', 'b'], undone: [] });
    expect(redo(h)).toBeNull();
  });

  it('recording after an undo drops the redo branch and never mutates the old value', () => {
    const h1 = record(record(emptyHistory<string>(), 'a'), 'b');
    const h2 = record(undo(h1)!.history, 'c');
    expect(h2).toEqual({ done: ['a', 'c'], undone: [] });
    expect(h1).toEqual({ done: ['a', 'b'], undone: [] });
  });
});
