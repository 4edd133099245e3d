// The saved backend choice: only a known choice is taken; anything else, or storage that
// refuses, means Auto (the e2e in editor-runtime.spec.ts covers saving and applying it).
import { describe, expect, it } from 'vitest';
import { savedBackendChoice } from './runtime-choice.ts';

const holding = (value: string | null) => ({ getItem: () => value });

describe('saved backend choice', () => {
  it('takes a known choice, else Auto', () => {
    expect(savedBackendChoice(holding('wasm'))).toBe('wasm');
    expect(savedBackendChoice(holding('webgpu'))).toBe('webgpu');
    expect(savedBackendChoice(holding('cuda'))).toBe('auto');
    expect(savedBackendChoice(holding(null))).toBe('auto');
    expect(savedBackendChoice(undefined)).toBe('auto');
  });

  it('is Auto where storage refuses', () => {
    expect(
      savedBackendChoice({
        getItem: () => {
          throw new DOMException('blocked', 'SecurityError');
        },
      }),
    ).toBe('auto');
  });
});
