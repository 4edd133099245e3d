// Detect text: PP-OCRv3 DBNet at two scales and, for large photos, on overlapping tiles at
// a finer scale (see plan.ts), plus the coarse scales again on "looks" that bring out faint
// semi-transparent overlays (looks.ts) and the finer one on looks at thin strokes
// (stroke-look.ts), plus a second detector (the English-trained PP-OCRv3) at the finer
// photo level, and the stroke looks' lines once more in a band around each (line-bands.ts);
// found lines are lengthened to where a sure stroke-look line on them ends (stroke-boxes.ts);
// boxes in full-resolution source pixels. Changes no pixel.
import { keptPlanes } from '../../core/kept-planes.ts';
import type { Box, RgbaImage, ScoredBox } from '../../core/types.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { modelRef, type ModelRef } from '../models.ts';
import type { Backend, PortTensor } from '../port.ts';
import { detectorInput, viewPlanes, type DetectorView } from './preprocess.ts';
import { LOOK_LEVELS, LOOKS, STROKE_LOOKS, type Look } from './looks.ts';
import { extendedAlongStrokes, keptStrokeBoxes, type StrokeBox } from './stroke-boxes.ts';
import { DB_DEFAULTS, textBoxes, type DbParams } from './postprocess.ts';
import { detectionPlan, LEVELS, lookViews, type TileMode } from './plan.ts';
import { withoutGlyphs } from './glyphs.ts';
import { mergePasses, type PassBox } from './merge.ts';
import { joinPhrases } from './phrases.ts';
import { lineBands } from './line-bands.ts';

export const DEFAULT_DETECT_MODEL = 'ppocr-v3-det-ch';
/**
 * The second detector. Trained on other data, it answers to faint overlays the first one
 * misses (held-out set, `npm run eval -- detect <dir> --synthetic`: recall 0.65 -> 0.74
 * with precision 0.98 -> 0.99), while run on the coarse level as well it added only false
 * boxes; so it sees the finer photo level only, and like the looks not on large photos
 * (there that level is coarse: it added a false box in the 24 MP eval, --in-large).
 * The stroke looks (stroke-look.ts) find most of the overlays it finds, but not all it
 * reads: without it on the whole photo, the wider set's dark "Golden hour" over storm
 * clouds (storm-full) was not found at all, so left readable and not flagged (wider recall
 * 0.979 -> 0.969), for dev's one wrong box less (the motorcycle's real MAXIMA badge).
 */
export const DEFAULT_SECOND_MODEL = 'ppocr-v3-det-en';
const SECOND_LEVEL = LEVELS[1];

export interface DetectTextOptions {
  /** Registry id of a detect-text model; default ppocr-v3-det-ch. */
  model?: string;
  /** Only look inside this box (source pixels); boxes are clipped to it. */
  region?: Box;
  /** The detector's working scale (longer side, in detector pixels) and tile side; default 960. */
  maxSide?: number;
  tiles?: TileMode;
  db?: Partial<DbParams>;
  /** Looks searched for faint overlays at the coarse scales; default LOOKS, [] for the photo only. */
  looks?: readonly Look[];
  /**
   * Registry id of a second detector run at the finer photo level (on photos up to 4x
   * maxSide), its boxes joined to the first's; default DEFAULT_SECOND_MODEL, skipped when it
   * is not installed or is `model` itself; null for the first model only.
   */
  secondModel?: string | null;
  /** The photo's levels (relative to "longer side = maxSide"); default LEVELS. */
  levels?: readonly number[];
  /** The level the second detector sees; default SECOND_LEVEL. */
  secondLevel?: number;
  /**
   * Keep glyph-shaped boxes (glyphs.ts, GLYPH_ASPECTS), which are left out by default: a
   * letter or two is what the check after a fill looks for, and redaction would rather
   * cover an eye than leave a house number.
   */
  glyphs?: boolean;
}

/**
 * Box score a look's detection needs. Looks stretch local contrast, so a photo's own
 * texture sometimes reads as text there; their boxes must be surer than the photo's.
 */
export const LOOK_BOX_THRESHOLD = 0.7;

/**
 * A look's box is a text line only when it is line-shaped or modest: a box taller than this
 * share of the view and less than twice as wide as tall is a textured area (a yellow
 * flower's petals in the yellow-blue look), not an overlay line.
 */
const LOOK_BLOCK_HEIGHT = 0.3;
const LINE_ASPECT = 2;

/**
 * Boxes shorter than this (source pixels) are not text anyone reads: DBNet's box around
 * even 8 px lettering is taller. Smaller ones are bits of texture (a twig beside a caption).
 */
export const MIN_BOX_HEIGHT = 10;

function lineLike(box: Box, view: DetectorView): boolean {
  const w = box[2] - box[0],
    h = box[3] - box[1];
  return h <= LOOK_BLOCK_HEIGHT * (view.y1 - view.y0) || w >= LINE_ASPECT * h;
}

/** One detector run: a view of the photo itself, or of one of its looks; `second`: by the second model. */
interface Pass {
  view: DetectorView;
  look?: Look;
  second?: boolean;
}

/** The runner's OpOutcome shape: the boxes and what found them. */
export interface DetectTextResult {
  boxes: ScoredBox[];
  model: ModelRef;
  /** Both detectors, when the second one ran. */
  models?: ModelRef[];
  backend: Backend;
}

const viewKey = (v: DetectorView) => `${v.x0},${v.y0},${v.x1},${v.y1},${v.tensorWidth},${v.tensorHeight}`;

/** How many of `passes` that `counts` picks see each view (by viewKey). */
function usesPerView(passes: readonly Pass[], counts: (p: Pass) => boolean): Map<string, number> {
  const uses = new Map<string, number>();
  for (const p of passes) if (counts(p)) uses.set(viewKey(p.view), (uses.get(viewKey(p.view)) ?? 0) + 1);
  return uses;
}

/**
 * A value per key, made on its first use and kept until its last (`uses`: how many times each
 * key will be asked for), then let go; a value that is undefined is never kept.
 */
function keptUntilLastUse<T>(uses: Map<string, number>): (key: string, make: () => T) => T {
  const kept = new Map<string, T>();
  return (key, make) => {
    const value = kept.get(key) ?? make();
    const left = uses.get(key)! - 1;
    uses.set(key, left);
    if (left > 0 && value !== undefined) kept.set(key, value);
    else kept.delete(key);
    return value;
  };
}

function checkRegion(image: RgbaImage, region: Box | undefined): Box {
  if (!region) return [0, 0, image.width, image.height];
  const [x0, y0, x1, y1] = region;
  const ok =
    [x0, y0, x1, y1].every(Number.isInteger) && x0 >= 0 && y0 >= 0 && x1 > x0 && y1 > y0 && x1 <= image.width && y1 <= image.height;
  if (!ok)
    throw new RangeError(
      `Detection region [${region.join(', ')}] must be whole pixels [x0, y0, x1, y1] with x1 > x0, y1 > y0, inside the ${image.width}x${image.height} image.`,
    );
  return region;
}

export async function detectText(image: RgbaImage, options: DetectTextOptions = {}, ctx: OpContext = {}): Promise<DetectTextResult> {
  if (!ctx.port) throw new Error('Text detection needs an inference port (a host with onnxruntime).');
  const region = checkRegion(image, options.region);
  const params = { ...DB_DEFAULTS, ...options.db };
  const plan = detectionPlan(region, options.maxSide ?? 960, options.tiles ?? 'auto', options.levels);
  const lookPasses = (options.looks ?? LOOKS).flatMap((look) =>
    lookViews(region, options.maxSide ?? 960, LOOK_LEVELS[look]).map((view) => ({ view, look })),
  );
  const modelId = options.model ?? DEFAULT_DETECT_MODEL;
  const secondId = options.secondModel === undefined ? DEFAULT_SECOND_MODEL : options.secondModel;
  const useSecond = secondId !== null && secondId !== modelId && (await ctx.port.has(secondId));
  const secondPasses = useSecond
    ? lookViews(region, options.maxSide ?? 960, options.secondLevel ?? SECOND_LEVEL).map((view) => ({ view, second: true }))
    : [];
  const passes: Pass[] = [...plan.flat().map((view) => ({ view })), ...lookPasses, ...secondPasses];
  // Looks and the second model see views of the photo's levels again: their resampled planes
  // are kept until the last pass that sees the view (then let go: they are 4 bytes a pixel).
  const planesOf = keptUntilLastUse<Float32Array[]>(usesPerView(passes, () => true));
  // The photo's own tensor of a view is the same for both detectors (the second sees the
  // finer level's views again): made once, kept until its last pass.
  const plainInputOf = keptUntilLastUse<PortTensor | undefined>(usesPerView(passes, (p) => !p.look));
  // The looks' tensors are used once each, for one run: written into one plane in turn.
  const lookInput = keptPlanes();
  const lookParams: DbParams = { ...params, scoreMode: 'kernel', boxThreshold: Math.max(params.boxThreshold, LOOK_BOX_THRESHOLD) };

  ctx.onProgress?.({ stage: 'load model', fraction: 0 });
  const session = await ctx.port.session(modelId);
  const secondSession = useSecond ? await ctx.port.session(secondId) : undefined;
  const found: PassBox[] = [];
  /** Boxes of the stroke looks, judged together after all passes (stroke-boxes.ts). */
  const strokes: StrokeBox[] = [];
  for (const [i, { view, look, second }] of passes.entries()) {
    throwIfAborted(ctx.signal);
    const kind = second ? 'second detector' : look ? `${look} look` : 'photo';
    ctx.onProgress?.({ stage: 'detect text', fraction: i / passes.length, detail: `pass ${i + 1}/${passes.length}: ${kind}` });
    const key = viewKey(view);
    const rgb = planesOf(key, () => viewPlanes(image, view));
    const stroke = look !== undefined && STROKE_LOOKS.includes(look);
    const input = look
      ? detectorInput(image, view, look, rgb, lookInput(0, 3 * view.tensorWidth * view.tensorHeight))
      : plainInputOf(key, () => detectorInput(image, view, undefined, rgb));
    if (!input) continue; // this look shows nothing here
    const detector = second && secondSession ? secondSession : session;
    const out = await detector.run({ [detector.inputNames[0]]: input }, ctx.signal);
    for (const b of textBoxes(out[detector.outputNames[0]].data as Float32Array, view, look ? lookParams : params))
      if (stroke) strokes.push({ ...b, pass: i, look: true, polarity: look });
      else if (!look || lineLike(b.box, view)) found.push({ ...b, pass: i, look: look !== undefined });
  }
  const strokeLines = keptStrokeBoxes(strokes);
  found.push(...strokeLines.map(({ polarity: _, ...b }) => b));
  const views = passes.map((p) => p.view);
  found.push(
    ...(await lineBands(image, strokeLines, views, region, options.maxSide ?? 960, session, lookParams, passes.length, ctx.signal)),
  );
  ctx.onProgress?.({ stage: 'detect text', fraction: 1 });
  const models = useSecond ? { models: [modelRef(modelId), modelRef(secondId)] } : {};
  const lines = joinPhrases(extendedAlongStrokes(mergePasses(found), strokes)).filter((b) => b.box[3] - b.box[1] >= MIN_BOX_HEIGHT);
  const boxes = options.glyphs ? lines : withoutGlyphs(lines);
  return { boxes, model: modelRef(modelId), ...models, backend: session.backend };
}
