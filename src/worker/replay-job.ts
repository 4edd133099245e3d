// Import's replay, in the pipeline worker: the manifest runner on the document image this worker
// keeps (the opened file, decoded here as open decodes it), with the mask files decoded here
// too. Each step's output is kept under an id of its own and shown through a bitmap made here,
// so the page never reads, copies or writes a full-size image while the import runs.
import type { Manifest, Step } from '../ops/manifest.ts';
import type { Mask, RgbaImage } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';
import { StepInputError, type StepWrapper } from '../ops/runner.ts';
import type { RunRecord } from '../runtime/ort-web.ts';
import { readPixels } from './bitmap-pixels.ts';
import { keepResult, showResult } from './kept-pixels.ts';
import { patchBetween } from '../core/pixel-patch.ts';
import { maskHeaderProblem } from './mask-header.ts';
import { summariseRuns, type ReplayedStepResult } from './protocol.ts';
import { recordedOutcome } from './recorded-outcome.ts';
import { runSteps } from './replay-steps.ts';

/** White = remove: one byte per pixel from a mask PNG's red channel, transparency counting as black. */
function maskFromRgba({ width, height, data: rgba }: RgbaImage): Mask {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = Math.round((rgba[4 * i] * rgba[4 * i + 3]) / 255);
  return { width, height, data };
}

/** A mask PNG's bytes as a mask; a file that does not decode is the input's fault, and says so. */
async function decodeMask(bytes: Uint8Array | undefined, path: string): Promise<Mask> {
  if (!bytes)
    throw new StepInputError(`mask "${path}" was not among the files imported: choose it together with the manifest and its source image.`);
  const problem = maskHeaderProblem(bytes, path);
  if (problem) throw new StepInputError(problem);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), {
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    throw new StepInputError(`mask "${path}" is not a readable PNG image: choose the mask PNG the manifest names (white = remove).`);
  }
  try {
    return maskFromRgba(readPixels(bitmap, bitmap.width, bitmap.height));
  } finally {
    bitmap.close();
  }
}

/**
 * Each step records how it ran from the model runs this job saw during it (`runs` grows as
 * models run): the model file with its sha256, and the backend ('js' when none ran).
 */
function recording(runs: readonly RunRecord[]): StepWrapper {
  return async ({ image }, run) => {
    const from = runs.length;
    const out = await run(image);
    return recordedOutcome(out, summariseRuns(runs.slice(from), 0));
  };
}

export interface ReplayJob {
  /** The document image the steps start from (only read). */
  source: RgbaImage;
  manifest: Manifest;
  /** Mask PNG bytes by the path the steps name. */
  masks: Record<string, Uint8Array>;
  ctx: OpContext;
  /** The model runs of this job so far (the pipeline worker's job record). */
  runs: readonly RunRecord[];
  onStep?: (index: number, step: Step) => void;
}

/** Runs the steps; only when all succeeded are their images kept and shown (a failure keeps nothing). */
export async function replayJob(job: ReplayJob): Promise<ReplayedStepResult[]> {
  const outputs = await runSteps({
    source: job.source,
    manifest: job.manifest,
    around: recording(job.runs),
    ctx: job.ctx,
    onStep: job.onStep,
    loadMask: (path) => decodeMask(job.masks[path], path),
  });
  const results: ReplayedStepResult[] = [];
  // The page's history holds the last two images (the one shown, the one Compare shows) and
  // those no patch leads to (a size change); the others stay here, rebuilt on the page's undo.
  const pixelSteps = outputs.flatMap((o, i) => (o.image ? [i] : []));
  const lastTwo = new Set(pixelSteps.slice(-2));
  try {
    // Each pixel step also says what it changed from the image before it (the history keeps those crops).
    let previous = job.source;
    for (const [i, { image, ...rest }] of outputs.entries()) {
      if (!image) {
        results.push(rest);
        continue;
      }
      const patch = previous.width === image.width && previous.height === image.height ? patchBetween(previous, image) : null;
      previous = image;
      const size = { width: image.width, height: image.height, ...(patch ? { patch } : {}) };
      if (lastTwo.has(i) || !patch) results.push({ ...rest, image: { ...(await showResult(image)), ...size } });
      else results.push({ ...rest, image: { pixelsId: keepResult(image), bitmap: null, ...size } });
    }
  } catch (e) {
    for (const r of results) r.image?.bitmap?.close();
    throw e;
  }
  return results;
}

/** What a replay's result hands over (not copies): every step's bitmap and mask buffer. */
export function replayTransfers(results: readonly ReplayedStepResult[]): Transferable[] {
  const buffers = results.flatMap((r) => (r.mask?.data.buffer instanceof ArrayBuffer ? [r.mask.data.buffer] : []));
  const patches = results.flatMap((r) => (r.image?.patch ? [r.image.patch.before.buffer, r.image.patch.after.buffer] : []));
  return [...results.flatMap((r) => (r.image?.bitmap ? [r.image.bitmap] : [])), ...new Set([...buffers, ...patches] as ArrayBuffer[])];
}
