// The manifest runner over plain pixels, keeping what each step made: the image after it (pixel
// steps), the boxes it found (detect_text), the mask file it read (the editor's history keeps
// it, so re-export writes it) and how it ran. The pipeline worker runs it (replay-job.ts); it
// needs no DOM, so Node tests run it on the real ops too.
import type { Mask, RgbaImage, ScoredBox } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';
import type { Manifest, Run, Step } from '../ops/manifest.ts';
import { runManifest, type StepWrapper } from '../ops/runner.ts';
import type { OpTable } from '../ops/table.ts';

/** One executed step. `image` is the step's own output (never written to by a later step). */
export interface StepOutput {
  run: Run;
  image?: RgbaImage;
  boxes?: ScoredBox[];
  mask?: Mask;
}

export interface StepsRequest {
  /** Only read: each pixel op works on a copy of its input. */
  source: RgbaImage;
  manifest: Manifest;
  /** The ops (default: the whole table). */
  ops?: OpTable;
  /** Reads a mask file a step names; the mask it gives is kept as read. */
  loadMask?: (path: string) => Promise<Mask>;
  ctx?: OpContext;
  onStep?: (index: number, step: Step) => void;
  /** The host's own wrapper around each step (e.g. recording how it ran). */
  around?: StepWrapper;
}

const copyImage = (image: RgbaImage): RgbaImage => ({ width: image.width, height: image.height, data: image.data.slice() });
const copyMask = (mask: Mask): Mask => ({ width: mask.width, height: mask.height, data: mask.data.slice() });

/** Runs every step; a failure anywhere rejects (naming the step) and nothing is returned. */
export async function runSteps(req: StepsRequest): Promise<StepOutput[]> {
  let current = -1;
  const outputs = new Map<number, Omit<StepOutput, 'run'>>();
  const landed = (out: Omit<StepOutput, 'run'>) => outputs.set(current, { ...outputs.get(current), ...out });
  // Operations may write into their input image (and mask); the previous step's output stays
  // exact because it is kept (it is that step's result), so each pixel op gets a copy.
  const around: StepWrapper = async (call, run) => {
    const image = call.op.changesPixels ? copyImage(call.image) : call.image;
    const out = await (req.around ? req.around({ ...call, image }, run) : run(image));
    landed({ ...(out.image ? { image: out.image } : {}), ...(out.boxes ? { boxes: out.boxes } : {}) });
    return out;
  };
  const { loadMask } = req;
  const keepMask =
    loadMask &&
    (async (path: string) => {
      const mask = await loadMask(path);
      landed({ mask });
      return copyMask(mask);
    });
  const { runs } = await runManifest(req.source, req.manifest, {
    ops: req.ops,
    loadMask: keepMask,
    ctx: req.ctx,
    around,
    onStep: (index, step) => {
      current = index;
      req.onStep?.(index, step);
    },
  });
  return runs.map((run, i) => ({ run, ...outputs.get(i) }));
}
