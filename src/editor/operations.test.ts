// The worker-backed flows against a stand-in worker client and plain pixel buffers: what the
// editor does with a job's result (undoable edits, manifest steps, review, leftover, cancel,
// failure). The real worker and models run in e2e/editor-remove.spec.ts and friends.
import { describe, expect, it, vi } from 'vitest';
import { parseManifest } from '../ops/manifest.ts';
import type { Box, Mask, RgbaImage, ScoredBox } from '../core/types.ts';
import type { JobReport } from '../worker/client.ts';
import { actionById, registerAction, type ActionContext } from './actions.ts';
import type { DocumentImage } from './edits.ts';
import { buildManifest } from './manifest.ts';
import { operationActions, type OperationsClient } from './operations.ts';
import type { WorkerPixels } from './pixels.ts';
import type { Input, JobOptions, KeptImage, OpId, ShownImage } from '../worker/client.ts';
import type { InpaintParams } from '../ops/inpaint/op.ts';
import { comparedImage } from './slices/compare.ts';
import { activeChangedOutside, activeLeftover, activeReview } from './slices/text-review.ts';
import { createEditorStore } from './store.ts';
import { toolById, gestureFor, type PointerInput } from './tools.ts';

/** Document images, job inputs and job results carry their pixels here so results can be told apart. */
type TaggedImage = DocumentImage & { rgba: RgbaImage };
type Carrier = { rgba: RgbaImage };
const pixels: WorkerPixels = {
  forJob: (img) => {
    const t = (img as TaggedImage).rgba;
    return { pixelsId: 'in', handover: () => Promise.reject(new Error('kept')), rgba: { ...t, data: t.data.slice() } } as KeptImage;
  },
  fromJob: (shown) =>
    ({
      width: shown.width,
      height: shown.height,
      source: {} as CanvasImageSource,
      rgba: (shown as unknown as Carrier).rgba,
    }) as TaggedImage,
};
/** The stand-in worker's view of a job input, and its result as the page gets it. */
const rgbaOf = (image: KeptImage) => (image as unknown as Carrier).rgba;
const shown = (rgba: RgbaImage) =>
  ({ pixelsId: 'out', width: rgba.width, height: rgba.height, bitmap: { close() {} }, rgba }) as unknown as ShownImage;
const report = (backend: 'wasm' | 'webgpu' | null = 'wasm'): JobReport => ({ backend, models: [], ms: 1234 });
const ok = <T>(value: T, backend?: 'wasm' | 'webgpu' | null) => Promise.resolve({ value, report: report(backend) });

/** A stand-in for one op of the worker client's run(opId, image, params, opts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each op's own parameters
type StandIn = (image: KeptImage, params: any, opts?: JobOptions) => Promise<{ value: unknown; report: JobReport }>;
type StandIns = { [K in OpId]?: StandIn };

/** The client the flows get: run() answered by the op's stand-in. */
const clientOf = (ops: StandIns): OperationsClient =>
  ({
    run: (opId: OpId, image: KeptImage, params: unknown, opts?: JobOptions) => {
      const standIn = ops[opId];
      if (!standIn) throw new Error(`no stand-in for ${opId}`);
      return standIn(image, params, opts);
    },
    models: async () => [],
    // These small images under Auto never go to the server (e2e/editor-server-jobs.spec.ts runs that).
    runOnServer: () => Promise.reject(new Error('no server job expected here')),
  }) as OperationsClient;

function setup(ops: StandIns, width = 100, height = 80) {
  const client = clientOf(ops);
  const store = createEditorStore();
  store.getState().setViewSize(800, 600);
  const rgba: RgbaImage = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(7) };
  const image: TaggedImage = { width, height, source: {} as CanvasImageSource, rgba };
  store
    .getState()
    .openDocument(
      { name: 'p.png', format: 'png', mime: 'image/png', bytes: 1, sha256: '0'.repeat(64), hasAlpha: false, width, height },
      image,
    );
  for (const a of operationActions(client as OperationsClient, pixels)) registerAction(a);
  const ctx = { store, host: { pickFile: async () => null, download: () => {} } } as ActionContext;
  const run = (id: string) => actionById(id)!.run(ctx);
  const enabled = (id: string) => actionById(id)!.enabled!(store.getState());
  /** Drags with whatever the pointer does now (tool or box review), in source pixels. */
  const drag = (from: [number, number], to: [number, number]) => {
    const g = gestureFor(store.getState());
    const at = (p: [number, number]): PointerInput => ({ image: p, screen: p });
    g.down(store, at(from));
    g.move(store, at(to));
    g.up(store, at(to));
  };
  return { store, run, enabled, image, drag };
}

const painted = (data: Uint8Array) => data.reduce((n, v) => n + (v ? 1 : 0), 0);
const brush = (store: ReturnType<typeof setup>['store'], x: number, y: number) => {
  store.getState().setTool('brush');
  store.getState().setBrushSize(10);
  const t = toolById('brush');
  t.down(store, { image: [x, y], screen: [0, 0] });
  t.move(store, { image: [x + 10, y], screen: [0, 0] });
  t.up(store, { image: [x + 10, y], screen: [0, 0] });
};
/** A stand-in fill: paints masked pixels 200 and says PatchMatch ran. */
const fakeInpaint = async (image: KeptImage, params: Input<InpaintParams>, _opts?: JobOptions) => {
  const img = rgbaOf(image);
  const options = (params as () => InpaintParams)();
  const m: Mask = options.mask;
  for (let i = 0; i < m.data.length; i++) if (m.data[i]) img.data.fill(200, 4 * i, 4 * i + 3);
  return {
    value: {
      image: shown(img),
      runs: [
        {
          box: [0, 0, 10, 10] as Box,
          engine: options?.engine === 'auto' ? 'patchmatch' : ((options?.engine as 'patchmatch') ?? 'patchmatch'),
        },
      ],
    },
    report: report(null),
  };
};

describe('Remove', () => {
  it('fills the brushed mask as one step: pixels replaced, mask emptied; undo brings both back', async () => {
    let seen: { dilate?: number; engine?: string } = {};
    const { store, run, enabled, image } = setup({
      inpaint: (i, p, opts) => {
        seen = (p as () => InpaintParams)();
        return fakeInpaint(i, p, opts);
      },
    });
    expect(enabled('remove')).toBe(false); // nothing brushed
    brush(store, 20, 20);
    store.getState().setInpaintDilate(6);
    const before = painted(store.getState().mask!.data);
    await run('remove');
    let s = store.getState();
    expect(seen).toMatchObject({ engine: 'auto', dilate: 6 });
    expect(s.doc!.image).not.toBe(image);
    expect(painted(s.mask!.data)).toBe(0);
    const step = buildManifest(s.doc!, s.history.done).steps[0];
    expect(step).toMatchObject({ op: 'inpaint', engine: 'patchmatch', dilate: 6, strokes: [{ width: 10, points: [20, 20, 30, 20] }] });
    const edit = s.history.done.at(-1)!;
    expect(edit.kind === 'replace-pixels' && edit.run).toMatchObject({ engine: 'patchmatch', ms: 1234 });
    expect(s.ranOn.remove).toMatch(/PatchMatch/);
    s.undo();
    s = store.getState();
    expect(s.doc!.image).toBe(image);
    expect(painted(s.mask!.data)).toBe(before);
  });

  it('brushes again on the result and removes again; compare shows the image before the last one', async () => {
    const { store, run } = setup({ inpaint: fakeInpaint });
    brush(store, 10, 10);
    await run('remove');
    const first = store.getState().doc!.image;
    brush(store, 50, 50);
    await run('remove');
    const s = store.getState();
    expect(s.history.done.map((e) => e.kind)).toEqual(['mask', 'replace-pixels', 'mask', 'replace-pixels']);
    const manifest = JSON.parse(JSON.stringify(buildManifest(s.doc!, s.history.done)));
    const parsed = parseManifest(manifest); // the v1 schema the server and CLI replay
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    const steps = manifest.steps;
    expect(steps.map((x: { op: string }) => x.op)).toEqual(['inpaint', 'inpaint']);
    expect(steps[1].strokes).toEqual([{ points: [50, 50, 60, 50], width: 10 }]); // only the new brushing
    expect(comparedImage(s)).toBeNull();
    s.setComparing(true);
    expect(comparedImage(store.getState())).toBe(first);
  });

  it('says so when the strokes were all erased, without running a job', async () => {
    let ran = false;
    const { store, run } = setup({
      inpaint: async (i, p, opts) => {
        ran = true;
        return fakeInpaint(i, p, opts);
      },
    });
    brush(store, 20, 20);
    store.getState().beginStroke(10, 20, true);
    store.getState().extendStroke(40, 20);
    store.getState().endGesture();
    await run('remove');
    expect(ran).toBe(false);
    expect(store.getState().notices.at(-1)?.title).toBe('The mask is empty.');
  });

  it('cancel leaves the document untouched', async () => {
    const { store, run, image } = setup({
      inpaint: (_i, _p, opts) =>
        new Promise((_, reject) =>
          opts!.signal!.addEventListener('abort', () => reject(Object.assign(new Error('x'), { kind: 'cancelled' }))),
        ),
    });
    brush(store, 20, 20);
    const pending = run('remove');
    expect(store.getState().job?.label).toBe('Remove');
    store.getState().cancelJob();
    await pending;
    const s = store.getState();
    expect(s.doc!.image).toBe(image);
    expect(s.history.done).toHaveLength(1);
    expect(painted(s.mask!.data)).toBeGreaterThan(0);
    expect(s.notices.at(-1)?.title).toBe('Remove: cancelled.');
  });
});

describe('Detect text and box review', () => {
  const boxes: ScoredBox[] = [
    { box: [10, 10, 30, 20], score: 0.91 },
    { box: [60, 40, 90, 50], score: 0.72 },
  ];
  const detect: StandIn = async (_img, options: { region?: Box }) => ({
    value: {
      boxes: options?.region ? boxes.filter((b) => b.box[0] >= options.region![0]) : boxes,
      model: { id: 'ppocr-v3-det-ch', sha256: null },
      backend: 'wasm',
    },
    report: report(),
  });

  it('puts the boxes up for review; delete one, add one, adjust one, accept: one undoable mask step', async () => {
    const { store, run, drag } = setup({ detect_text: detect });
    expect(store.getState().tool).toBe('brush');
    await run('detect-text');
    expect(store.getState().tool).toBe('rectangle'); // drawing boxes during the review
    let r = activeReview(store.getState())!;
    expect(r.boxes.map((b) => b.score)).toEqual([0.91, 0.72]);
    expect(r.ranOn).toMatch(/ppocr-v3-det-ch ran on WASM/);
    expect(store.getState().notices.at(-1)?.title).toMatch(/Found 2 text boxes; detection .*WASM/);
    expect(store.getState().history.done).toHaveLength(0);

    drag([70, 45], [70, 45]); // a click selects the second box
    expect(activeReview(store.getState())!.selected).toBe(1);
    await actionById('delete-box')!.run({ store } as ActionContext);
    drag([40, 60], [50, 70]); // drag on empty photo adds a box
    drag([20, 15], [20, 15]); // select the first box,
    drag([10, 10], [5, 8]); // then drag its top-left corner handle
    r = activeReview(store.getState())!;
    expect(r.boxes.map((b) => b.box)).toEqual([
      [5, 8, 30, 20],
      [40, 60, 50, 70],
    ]);
    expect(r.boxes[1].score).toBeNull();

    await run('accept-boxes');
    const s = store.getState();
    expect(activeReview(s)).toBeNull();
    expect(s.tool).toBe('brush'); // back to the tool before the review
    expect(s.history.done).toHaveLength(1);
    // Boxes grow by 2 px: (25+4) x (12+4) + (10+4) x (10+4)
    expect(painted(s.mask!.data)).toBe(29 * 16 + 14 * 14);
    s.undo();
    expect(painted(store.getState().mask!.data)).toBe(0);
  });

  it('Discard drops the boxes; a click on empty photo adds nothing', async () => {
    const { store, run, drag } = setup({ detect_text: detect });
    store.getState().setTool('eraser');
    await run('detect-text');
    drag([45, 70], [46, 70]);
    expect(activeReview(store.getState())!.boxes).toHaveLength(2);
    await run('discard-boxes');
    expect(store.getState().review).toBeNull();
    expect(store.getState().tool).toBe('eraser');
    expect(store.getState().history.done).toHaveLength(0);
  });

  it('limits detection to the region drawn with the Region tool', async () => {
    let asked: Box | undefined;
    const { store, run, drag } = setup({
      detect_text: (i, o, j) => {
        asked = o?.region;
        return detect(i, o, j);
      },
    });
    store.getState().setTool('region');
    drag([50.4, 30.2], [99.6, 60]);
    expect(store.getState().textRegion).toEqual([50, 30, 100, 60]);
    await run('detect-text');
    expect(asked).toEqual([50, 30, 100, 60]);
    expect(activeReview(store.getState())!.boxes.map((b) => b.box)).toEqual([[60, 40, 90, 50]]);
  });
});

describe('Remove text', () => {
  const filled = (image: RgbaImage, leftover: ScoredBox[], changedOutside = 0) => ({
    image: shown({ ...image, data: image.data.map(() => 9) }),
    boxes: [{ box: [10, 10, 30, 20] as Box, score: 0.9 }],
    mask: { width: image.width, height: image.height, data: new Uint8Array(image.width * image.height) },
    runs: [{ box: [0, 0, 40, 30] as Box, engine: 'diffusion' as const }],
    leftover,
    changedOutside,
    needsReview: leftover.length > 0 || changedOutside > 0,
  });

  it('fills in one click and flags leftover text on the result', async () => {
    let options: unknown;
    const { store, run } = setup({
      remove_text: (img, o) => {
        options = o;
        return ok(filled(rgbaOf(img), [{ box: [12, 12, 20, 18], score: 0.6 }]));
      },
    });
    store.getState().setTextRegion([0, 0, 50, 40]);
    await run('remove-text');
    const s = store.getState();
    expect(options).toEqual({ region: [0, 0, 50, 40] });
    expect(buildManifest(s.doc!, s.history.done).steps).toEqual([{ op: 'remove_text', region: [0, 0, 50, 40] }]);
    expect(activeLeftover(s)).toEqual([[12, 12, 20, 18]]);
    expect(s.notices.at(-1)?.title).toBe('Leftover text: 1 area still read as text.');
    await run('mask-leftover');
    expect(painted(store.getState().mask!.data)).toBe(12 * 10);
    store.getState().undo();
    store.getState().undo();
    expect(activeLeftover(store.getState())).toEqual([]); // the flags belong to the result only
  });

  it('flags a result that changed pixels outside the text boxes, in the panel state and a warning', async () => {
    const { store, run } = setup({ remove_text: (img) => ok(filled(rgbaOf(img), [], 40)) });
    await run('remove-text');
    const s = store.getState();
    expect(activeChangedOutside(s)).toBe(40);
    expect(activeLeftover(s)).toEqual([]);
    expect(s.notices.at(-1)).toMatchObject({ kind: 'warning', title: 'Check the result: 40 pixels changed outside the text boxes.' });
    store.getState().undo();
    expect(activeChangedOutside(store.getState())).toBe(0);
  });

  it('with "Review boxes first", fills the reviewed boxes and records them', async () => {
    let options: { boxes?: Box[] } = {};
    const { store, run } = setup({
      detect_text: async () => ({
        value: { boxes: [{ box: [10, 10, 30, 20], score: 0.9 }], model: { id: 'ppocr-v3-det-ch', sha256: null }, backend: 'webgpu' },
        report: report('webgpu'),
      }),
      remove_text: (img, o) => {
        options = o!;
        return ok(filled(rgbaOf(img), []));
      },
    });
    store.getState().setReviewBoxesFirst(true);
    await run('remove-text');
    expect(activeReview(store.getState())!.purpose).toBe('remove');
    expect(store.getState().history.done).toHaveLength(0);
    await run('accept-boxes');
    const s = store.getState();
    expect(options.boxes).toEqual([[10, 10, 30, 20]]);
    const manifest = buildManifest(s.doc!, s.history.done);
    expect(manifest.steps).toEqual([{ op: 'remove_text', boxes: [[10, 10, 30, 20]] }]);
    const parsed = parseManifest(JSON.parse(JSON.stringify(manifest)));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(s.notices.at(-1)?.title).toBe('Removed text in 1 box; no leftover text found.');
  });
});

describe('Upscale', () => {
  const up: StandIn = async (img, { scale, model }: { scale: number; model?: string }) => {
    const src = rgbaOf(img);
    return ok({
      image: shown({
        width: src.width * scale,
        height: src.height * scale,
        data: new Uint8ClampedArray(src.width * scale * src.height * scale * 4),
      }),
      model: { id: model ?? 'realesr-general-x4v3', sha256: null },
      backend: 'wasm' as const,
    });
  };

  it('runs the picked model, records it, and says where it ran; x2-only models refuse x4', async () => {
    const { store, run, enabled, image } = setup({ upscale: up });
    brush(store, 50, 40);
    store.getState().setUpscaleModel('realesr-animevideov3');
    await run('upscale-2x');
    let s = store.getState();
    expect([s.doc!.image.width, s.mask!.width, painted(s.mask!.data)]).toEqual([200, 200, 0]);
    expect(buildManifest(s.doc!, s.history.done).steps).toEqual([{ op: 'upscale', scale: 2, model: 'realesr-animevideov3' }]);
    expect(s.ranOn.upscale).toMatch(/realesr-animevideov3 ran on WASM/);
    store.getState().setUpscaleModel('nomos-span-x2');
    expect([enabled('upscale-2x'), enabled('upscale-4x')]).toEqual([true, false]);
    s.undo();
    s = store.getState();
    expect(s.doc!.image).toBe(image);
    expect(painted(s.mask!.data)).toBeGreaterThan(0);
  });

  it('refuses a result over the memory budget before running', async () => {
    let ran = false;
    const { store, run } = setup(
      {
        upscale: async () => {
          ran = true;
          throw new Error('no');
        },
      },
      5000,
      4000,
    );
    await run('upscale-2x');
    expect(ran).toBe(false);
    expect(store.getState().notices.at(-1)?.title).toMatch(/10000 × 8000/);
  });
});

describe('failures', () => {
  it('reports a failed job with Retry, changing nothing', async () => {
    let calls = 0;
    const { store, run } = setup({
      detect_text: async () => {
        calls++;
        throw new Error('model file missing');
      },
    });
    await run('detect-text');
    const notice = store.getState().notices.at(-1)!;
    expect(notice).toMatchObject({ kind: 'error', title: 'Detect text failed.', detail: 'model file missing', action: { label: 'Retry' } });
    expect(store.getState().history.done).toHaveLength(0);
    notice.action!.run();
    await vi.waitFor(() => expect(calls).toBe(2));
  });
});
