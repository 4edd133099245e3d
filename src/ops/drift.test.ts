// A replay that did not run as recorded is named step by step, so the operator knows why the
// result may differ (a model missing on this machine, another engine, other boxes found).
import { describe, expect, it } from 'vitest';
import { replayDrift, type Manifest, type Run } from './manifest.ts';

const ch = { id: 'ppocr-v3-det-ch', sha256: 'c'.repeat(64) };
const en = { id: 'ppocr-v3-det-en', sha256: 'e'.repeat(64) };
const recorded: Run[] = [
  {
    step: 0,
    op: 'remove_text',
    ms: 900,
    backend: 'cpu',
    models: [ch, en],
    engine: 'patchmatch',
    boxes: [
      [1, 1, 9, 5, 0.9],
      [20, 1, 30, 5, 0.8],
    ],
  },
  { step: 1, op: 'inpaint', ms: 300, backend: 'js', engine: 'lama', model: { id: 'lama', sha256: 'a'.repeat(64) } },
  { step: 2, op: 'upscale', ms: 800, backend: 'cpu', model: { id: 'realesr-general-x4v3', sha256: 'b'.repeat(64) } },
];
const manifest = {
  type: 'cleanplate.manifest',
  version: 1,
  job_id: 'j',
  steps: [{ op: 'remove_text' }, { op: 'inpaint', mask: 'm.png' }, { op: 'upscale', scale: 4 }],
  result: { file: 'r.png', sha256: 'f'.repeat(64), width: 4, height: 4, runs: recorded },
} as unknown as Manifest;

describe('replay drift', () => {
  it('says nothing when every step ran as recorded, whatever the backend', () => {
    expect(
      replayDrift(
        manifest,
        recorded.map((r) => ({ ...r, backend: 'wasm', ms: 1 })),
      ),
    ).toEqual([]);
    expect(replayDrift({ ...manifest, result: undefined }, [{ step: 0, op: 'remove_text', ms: 1 }])).toEqual([]);
    // Accepted boxes replay as they are: no detector runs, and that is not a difference.
    const accepted = {
      ...manifest,
      steps: [{ op: 'detect_text', boxes: [[1, 1, 9, 5]] }],
      result: { ...manifest.result!, runs: [{ step: 0, op: 'detect_text', ms: 700, models: [ch, en] }] },
    } as Manifest;
    expect(replayDrift(accepted, [{ step: 0, op: 'detect_text', ms: 0 }])).toEqual([]);
  });

  it('names a missing model, another file of a model, another engine and another box count', () => {
    const here: Run[] = [
      { ...recorded[0], models: [ch], boxes: [[1, 1, 9, 5, 0.9]] },
      { step: 1, op: 'inpaint', ms: 90, backend: 'js', engine: 'patchmatch' },
      { ...recorded[2], model: { id: 'realesr-general-x4v3', sha256: 'd'.repeat(64) } },
    ];
    expect(replayDrift(manifest, here)).toEqual([
      'step 0 (remove_text): model ppocr-v3-det-en, which the recording ran, did not run here',
      'step 0 (remove_text): found 1 text box; the recording found 2',
      'step 1 (inpaint): model lama, which the recording ran, did not run here',
      'step 1 (inpaint): filled with patchmatch; the recording used lama',
      'step 2 (upscale): model realesr-general-x4v3 is a different file here (sha256 dddddddd…, recorded bbbbbbbb…)',
    ]);
  });
});
