import { describe, expect, it } from 'vitest';
import { allActions, registerAction } from './actions.ts';
import { operationActions, type OperationsClient } from './operations.ts';
import type { WorkerPixels } from './pixels.ts';

// The page registers the worker-backed operations too; their keys must not clash with the built-ins.
for (const a of operationActions({} as OperationsClient, {} as WorkerPixels)) registerAction(a);
import { describeShortcut, matchesShortcut, type KeyLike } from './shortcuts.ts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
const actionFor = (e: KeyLike) => allActions().find((a) => a.shortcuts.some((s) => matchesShortcut(e, s)))?.id;

describe('shortcuts', () => {
  it('maps the documented keys to actions', () => {
    expect(actionFor(key('z', { ctrlKey: true }))).toBe('undo');
    expect(actionFor(key('z', { metaKey: true }))).toBe('undo');
    expect(actionFor(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(actionFor(key('z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(actionFor(key('y', { ctrlKey: true }))).toBe('redo');
    expect(actionFor(key('b'))).toBe('tool-brush');
    expect(actionFor(key('e'))).toBe('tool-eraser');
    expect(actionFor(key('r'))).toBe('tool-rectangle');
    expect(actionFor(key('h'))).toBe('tool-pan');
    expect(actionFor(key('['))).toBe('brush-smaller');
    expect(actionFor(key(']'))).toBe('brush-larger');
    expect(actionFor(key('+', { shiftKey: true }))).toBe('zoom-in');
    expect(actionFor(key('R', { shiftKey: true }))).toBe('remove');
    expect(actionFor(key('X', { shiftKey: true }))).toBe('remove-text');
    expect(actionFor(key('g'))).toBe('tool-region');
    expect(actionFor(key('\\'))).toBe('compare');
    expect(actionFor(key('Enter'))).toBe('accept-boxes');
  });

  it('tells Delete (delete a text box) from Shift+Delete (clear the mask)', () => {
    expect(actionFor(key('Delete'))).toBe('delete-box');
    expect(actionFor(key('Delete', { shiftKey: true }))).toBe('clear-mask');
  });

  it('does not fire plain-key tools with a modifier, nor undo on plain z', () => {
    expect(actionFor(key('b', { ctrlKey: true }))).toBeUndefined();
    expect(actionFor(key('z'))).toBeUndefined();
    expect(actionFor(key('B', { shiftKey: true }))).toBeUndefined();
  });

  it('every shortcut belongs to one action only', () => {
    const seen = new Map<string, string>();
    for (const a of allActions())
      for (const s of a.shortcuts) {
        expect(seen.get(s), `${s} is used by ${seen.get(s)} and ${a.id}`).toBeUndefined();
        seen.set(s, a.id);
      }
  });

  it('describes shortcuts for tooltips', () => {
    expect(describeShortcut('mod+shift+z')).toBe('Ctrl+Shift+Z');
    expect(describeShortcut('mod+z', true)).toBe('⌘+Z');
  });
});

describe('shortcut keys that are themselves "+"', () => {
  it('parses and describes them', () => {
    expect(matchesShortcut(key('+', { shiftKey: true }), '+')).toBe(true);
    expect(describeShortcut('+')).toBe('+');
    expect(describeShortcut('shift+delete')).toBe('Shift+Delete');
    for (const a of allActions()) for (const s of a.shortcuts) expect(describeShortcut(s)).not.toMatch(/undefined/);
  });
});
