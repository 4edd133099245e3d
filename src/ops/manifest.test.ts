import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskPathProblem, migrate } from '../core/manifest/index.ts';
import { parseManifest, requireManifest, ManifestError, MANIFEST_TYPE } from './manifest.ts';

const BAD = resolve(import.meta.dirname, '../../../shared/datasets/dev/bad');
const errorsOf = (input: unknown) => {
  const r = parseManifest(input);
  if (r.ok) throw new Error('expected the manifest to be refused');
  return r.errors;
};

describe('manifest v1 parsing', () => {
  it('accepts the minimal form {job_id, steps, callback} as v1 and fills type and version', () => {
    const m = requireManifest(
      '{"job_id": "20251112-release-42", "steps": [{"op": "upscale", "scale": 2}], "callback": "https://hooks.example/jobs"}',
    );
    expect(m).toEqual({
      type: MANIFEST_TYPE,
      version: 1,
      job_id: '20251112-release-42',
      steps: [{ op: 'upscale', scale: 2 }],
      callback: 'https://hooks.example/jobs',
    });
  });

  it('accepts the full design example with every op', () => {
    const m = requireManifest({
      type: 'cleanplate.manifest',
      version: 1,
      job_id: 'j',
      source: { file: 'photo.jpg', sha256: 'a'.repeat(64), width: 6000, height: 4000 },
      steps: [
        { op: 'detect_text', region: [0, 0, 10, 10] },
        { op: 'remove_text', region: [120, 80, 540, 160], dilate: 4, boxes: [[130, 90, 200, 120]] },
        { op: 'inpaint', mask: 'masks/mask_001.png', engine: 'patchmatch' },
        {
          op: 'inpaint',
          strokes: [
            { points: [1, 2, 30, 40], width: 12 },
            { points: [0, 0, 5, 5], width: 1, shape: 'rect', erase: true },
          ],
        },
        { op: 'upscale', scale: 4, model: 'realesr-general-x4v3' },
      ],
    });
    expect(m.steps.map((s) => s.op)).toEqual(['detect_text', 'remove_text', 'inpaint', 'inpaint', 'upscale']);
  });

  it('refuses each malformed manifest of the dev set with a line naming the step and field', () => {
    const bad = (name: string) => errorsOf(readFileSync(resolve(BAD, name), 'utf8'));
    expect(bad('manifest-bad-scale.json')).toEqual(['step 0 (upscale): scale must be 2, 3 or 4']);
    expect(bad('manifest-unknown-op.json')).toEqual([
      'step 0: unknown op "explode" (known ops: detect_text, remove_text, inpaint, upscale, redact)',
    ]);
    expect(bad('manifest-traversal.json')).toEqual([
      `step 0 (inpaint): mask must stay inside the manifest's folder ("../../../etc/passwd" uses "..")`,
    ]);
    expect(bad('manifest-bad-region.json')).toContain('step 0 (remove_text): region must have x1 > x0 ([x0, y0, x1, y1])');
    expect(bad('manifest-not-json.json')[0]).toMatch(/^manifest is not valid JSON/);
  });

  it('names the step by its index and op, and nested fields by their path', () => {
    const errors = errorsOf({
      steps: [
        { op: 'detect_text' },
        { op: 'inpaint', strokes: [{ points: [1, 2, 3], width: 4 }] },
        { op: 'upscale', scale: '2', extra: true },
        { op: 'inpaint', mask: 'm.png', engine: 'photoshop' },
      ],
    });
    expect(errors).toEqual([
      'step 1 (inpaint): strokes[0].points must hold x, y pairs (an even count)',
      'step 2 (upscale): scale must be 2, 3 or 4',
      'step 2 (upscale): unknown field "extra"',
      'step 3 (inpaint): engine must be one of auto, patchmatch, diffusion, biharmonic, transport, migan, lama',
    ]);
  });

  it('requires exactly one of mask or strokes for inpaint', () => {
    const both = { op: 'inpaint', mask: 'm.png', strokes: [{ points: [0, 0], width: 3 }] };
    expect(errorsOf({ steps: [both] })).toEqual(['step 0 (inpaint): needs exactly one of "mask" (a PNG path) or "strokes"']);
    expect(errorsOf({ steps: [{ op: 'inpaint' }] })).toEqual(['step 0 (inpaint): needs exactly one of "mask" (a PNG path) or "strokes"']);
  });

  it('checks regions against the image when its size is known', () => {
    const m = { steps: [{ op: 'remove_text', region: [10, 10, 300, 50] }] };
    expect(parseManifest(m).ok).toBe(true);
    expect(parseManifest(m, { imageSize: { width: 256, height: 256 } })).toEqual({
      ok: false,
      errors: ['step 0 (remove_text): region [10, 10, 300, 50] must lie inside the 256x256 image'],
    });
    expect(errorsOf({ ...m, source: { width: 200, height: 100 } })[0]).toMatch(/inside the 200x100 image/);
    const reviewed = {
      steps: [
        {
          op: 'remove_text',
          boxes: [
            [0, 0, 5, 5],
            [250, 0, 260, 5],
          ],
        },
      ],
    };
    expect(parseManifest(reviewed, { imageSize: { width: 256, height: 256 } })).toEqual({
      ok: false,
      errors: ['step 0 (remove_text): boxes[1] [250, 0, 260, 5] must lie inside the 256x256 image'],
    });
    expect(errorsOf({ steps: [{ op: 'remove_text', boxes: [[5, 5, 1, 9]] }] })).toEqual([
      'step 0 (remove_text): boxes[0] must have x1 > x0 ([x0, y0, x1, y1])',
    ]);
  });

  it("takes the boxes a detect_text step accepted, checked like remove_text's; fractions of a pixel after an upscale", () => {
    const accepted = {
      steps: [
        { op: 'upscale', scale: 3 },
        { op: 'detect_text', region: [1 / 3, 0, 50, 40], boxes: [[2, 2, 7 / 3, 10]] },
      ],
    };
    expect(parseManifest(accepted, { imageSize: { width: 64, height: 64 } }).ok).toBe(true);
    expect(parseManifest({ steps: [{ op: 'detect_text', boxes: [[0, 0, 80, 5]] }] }, { imageSize: { width: 64, height: 64 } })).toEqual({
      ok: false,
      errors: ['step 0 (detect_text): boxes[0] [0, 0, 80, 5] must lie inside the 64x64 image'],
    });
    expect(errorsOf({ steps: [{ op: 'detect_text', boxes: [[0, 0, 'x', 5]] }] })).toEqual([
      'step 0 (detect_text): boxes[0][2] must be a number of pixels',
    ]);
    expect(errorsOf({ steps: [{ op: 'detect_text', region: [0, -1, 4, 5] }] })).toEqual([
      'step 0 (detect_text): region[1] must not be negative',
    ]);
  });

  it("accepts the case study's manifest verbatim: a relative callback is recorded for the server to resolve", () => {
    const parsed = parseManifest('{"job_id": "j-1", "steps": [{"op": "upscale", "scale": 2}], "callback": "/internal/jobs/callback"}');
    expect(parsed.ok && parsed.manifest.callback).toBe('/internal/jobs/callback');
  });

  it('refuses non-objects, missing steps, bad callbacks and a foreign type', () => {
    expect(errorsOf('[1, 2]')).toEqual(['manifest must be a JSON object {"steps": [...], ...}']);
    expect(errorsOf('')).toEqual(['manifest is empty']);
    expect(errorsOf({ job_id: 'x' })).toEqual(['steps is required']);
    const callbackMust = 'callback must be an http(s) URL or a path starting with "/"';
    expect(errorsOf({ steps: [], callback: 'file:///etc/passwd' })).toEqual([callbackMust]);
    expect(errorsOf({ steps: [], callback: '//evil.example/x' })).toEqual([callbackMust]);
    expect(errorsOf({ steps: [], callback: 'internal/jobs' })).toEqual([callbackMust]);
    expect(errorsOf({ type: 'other', steps: [] })).toEqual(['type must be "cleanplate.manifest" (got "other")']);
    expect(() => requireManifest({ steps: 3 })).toThrow(ManifestError);
  });
});

describe('mask paths never leave the manifest folder', () => {
  it.each([
    ['../../../etc/passwd', /\.\./],
    ['masks/../../x.png', /\.\./],
    ['/etc/mask.png', /absolute/],
    ['C:/mask.png', /drive/],
    ['c:mask.png', /drive/],
    ['masks\\m.png', /backslash/],
    ['file:///m.png', /absolute|URL/],
    ['mask.jpg', /PNG/],
    ['', /empty/],
  ])('refuses %j', (path, why) => expect(maskPathProblem(path)).toMatch(why));

  it.each(['mask.png', 'masks/mask_001.png', './m.PNG'])('accepts %j', (path) => expect(maskPathProblem(path)).toBeNull());
});

describe('migration', () => {
  it('treats a missing version as v1 and refuses future versions clearly', () => {
    expect(migrate({ steps: [] })).toEqual({ ok: true, value: { steps: [], version: 1 } });
    expect(migrate({ steps: [], version: 9 })).toEqual({
      ok: false,
      error: 'manifest version 9 is newer than this cleanplate understands (up to 1); update cleanplate',
    });
    expect(migrate({ steps: [], version: 0 }).ok).toBe(false);
    expect(migrate({ steps: [], version: '1' }).ok).toBe(false);
  });

  it('lifts an old manifest through the table, one version at a time', () => {
    // A pretend history: v1 called the list "actions", v2 spelled upscale "factor".
    const table = {
      1: (m: Record<string, unknown>) => ({ ...m, steps: m.actions, actions: undefined }),
      2: (m: Record<string, unknown>) => ({
        ...m,
        steps: (m.steps as Record<string, unknown>[]).map(({ factor, ...s }) => (s.op === 'upscale' ? { ...s, scale: factor } : s)),
      }),
    };
    const lifted = migrate({ version: 1, actions: [{ op: 'upscale', factor: 2 }] }, table, 3);
    expect(lifted).toEqual({ ok: true, value: { version: 3, steps: [{ op: 'upscale', scale: 2 }], actions: undefined } });
    expect(migrate({ version: 1, steps: [] }, { 1: table[1] }, 3)).toEqual({
      ok: false,
      error: 'no migration from manifest version 2 to 3',
    });
  });
});
