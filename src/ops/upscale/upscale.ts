// Upscale x2, x3 or x4: the network runs on overlapping tiles, each tile's output is
// resampled to the asked scale when the network's own factor differs (Lanczos), and the
// tiles are feather-blended into the output. Alpha is upscaled separately and kept.
import type { RgbaImage } from '../../core/types.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { modelRef, type ModelRef } from '../models.ts';
import type { Backend } from '../port.ts';
import { releaseBuffers } from '../release.ts';
import { tileGrid } from '../tiling.ts';
import { checkUpscaleBudget, DEFAULT_UPSCALE_BUDGET_BYTES } from './budget.ts';
import { TileAssembler } from './assemble.ts';
import { pickUpscaleModel, type UpscaleScale } from './models.ts';
import { resampleChannel } from './resample.ts';
import { tileInput, tileOutput } from './tensors.ts';

/** Below this the tile seams would show: the networks see ~16 px of context per side. */
const MIN_OVERLAP = 16;

export interface UpscaleOptions {
  scale: UpscaleScale;
  /** Registry id of an upscale model; default: see pickUpscaleModel. */
  model?: string;
  /** Largest tile side in input pixels (128-256 suits these models); default 192. Tiles are cut as short as their count allows (tiling.ts). */
  tileSize?: number;
  /** Overlap between tiles in input pixels, at least 16; default 16. */
  overlap?: number;
  memoryBudgetBytes?: number;
}

/** The runner's OpOutcome shape: what ran, recorded in the manifest's run. */
export interface UpscaleResult {
  image: RgbaImage;
  model: ModelRef;
  backend: Backend;
}

function hasTransparency(image: RgbaImage): boolean {
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i] !== 255) return true;
  return false;
}

/** Tile output at the network's scale -> CHW at the asked scale. */
function toScale(rgb: Float32Array, w: number, h: number, modelScale: number, scale: number): Float32Array {
  if (modelScale === scale) return rgb;
  const sw = w * modelScale;
  const sh = h * modelScale;
  const ow = w * scale;
  const oh = h * scale;
  const out = new Float32Array(3 * ow * oh);
  const win = { x0: 0, y0: 0, ratioX: scale / modelScale, ratioY: scale / modelScale, outWidth: ow, outHeight: oh };
  for (let c = 0; c < 3; c++)
    out.set(resampleChannel({ data: rgb, width: sw, height: sh, offset: c * sw * sh, step: 1 }, win), c * ow * oh);
  return out;
}

export async function upscale(image: RgbaImage, options: UpscaleOptions, ctx: OpContext = {}): Promise<UpscaleResult> {
  const { scale } = options;
  if (scale !== 2 && scale !== 3 && scale !== 4) throw new RangeError(`Upscale scale must be 2, 3 or 4, not ${String(scale)}.`);
  if (!ctx.port) throw new Error('Upscaling needs an inference port (a host with onnxruntime).');
  if (image.width < 1 || image.height < 1) throw new RangeError('Cannot upscale an empty image.');
  const tileSize = options.tileSize ?? 192;
  const overlap = options.overlap ?? 16;
  if (!(overlap >= MIN_OVERLAP && tileSize > 2 * overlap)) {
    throw new RangeError(
      `Upscale tiles need an overlap of at least ${MIN_OVERLAP} px and a tile size above twice the overlap (got tile ${tileSize}, overlap ${overlap}).`,
    );
  }
  const model = await pickUpscaleModel(scale, options.model, ctx.port);
  checkUpscaleBudget(
    { width: image.width, height: image.height, scale, modelScale: model.scale, tileSize, overlap },
    options.memoryBudgetBytes ?? DEFAULT_UPSCALE_BUDGET_BYTES,
  );

  ctx.onProgress?.({ stage: 'load model', fraction: 0, detail: model.label });
  const session = await ctx.port.session(model.id);
  const { cols, rows, tiles } = tileGrid(image.width, image.height, tileSize, overlap);
  const assembler = new TileAssembler(image, scale, cols, rows, hasTransparency(image));
  for (const [i, tile] of tiles.entries()) {
    throwIfAborted(ctx.signal);
    ctx.onProgress?.({ stage: 'upscale', fraction: i / tiles.length, detail: `tile ${i + 1}/${tiles.length}` });
    const w = tile.x.end - tile.x.start;
    const h = tile.y.end - tile.y.start;
    const input = tileInput(image, tile, model.fp16);
    const out = await session.run({ [session.inputNames[0]]: input }, ctx.signal);
    const rgb = tileOutput(out[session.outputNames[0]], w * model.scale, h * model.scale, model.id);
    const scaled = toScale(rgb, w, h, model.scale, scale);
    assembler.add(tile.col, tile.row, scaled);
    // The tile's buffers are ours and done with: free them now, not at the next GC (release.ts).
    releaseBuffers(input.data, out[session.outputNames[0]].data, rgb, scaled);
  }
  ctx.onProgress?.({ stage: 'upscale', fraction: 1, detail: `${tiles.length} tiles` });
  return { image: assembler.output, model: modelRef(model.id), backend: session.backend };
}
