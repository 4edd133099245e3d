// The notice stack stays short: information replaces information, errors outlast confirmations.
import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../store.ts';
import { MAX_NOTICES } from './notices.ts';

const titles = (s: ReturnType<typeof createEditorStore>) => s.getState().notices.map((n) => `${n.kind}:${n.title}`);

describe('notices', () => {
  it('keeps one information notice at a time, the newest', () => {
    const s = createEditorStore();
    s.getState().notify('info', 'The mask is empty.');
    s.getState().notify('info', 'The clipboard holds no image.');
    expect(titles(s)).toEqual(['info:The clipboard holds no image.']);
  });

  it('never shows more than MAX_NOTICES, dropping information before errors', () => {
    const s = createEditorStore();
    s.getState().notify('error', 'Remove failed.');
    s.getState().notify('info', 'Import cancelled.');
    s.getState().notify('warning', 'Replayed, but not as recorded.');
    s.getState().notify('error', 'Upscale failed.');
    expect(titles(s)).toEqual(['error:Remove failed.', 'warning:Replayed, but not as recorded.', 'error:Upscale failed.']);
    s.getState().notify('info', 'No text found.');
    expect(s.getState().notices).toHaveLength(MAX_NOTICES);
    expect(titles(s)).toEqual(['warning:Replayed, but not as recorded.', 'error:Upscale failed.', 'info:No text found.']);
  });

  it('shows a repeated message once', () => {
    const s = createEditorStore();
    s.getState().notify('error', 'Remove failed.', 'out of memory');
    s.getState().notify('error', 'Remove failed.', 'out of memory');
    expect(s.getState().notices).toHaveLength(1);
  });
});
