// The manifest written on export (design.md section 4): every operation still in the history
// as a step (results that replaced the pixels, and accepted text boxes as detect_text), in
// source pixels, with how each ran. Steps whose mask cannot be written as exact source-pixel
// strokes, or that read a mask file, name a mask PNG the bundle carries.
import type { Run } from '../ops/manifest.ts';
import { rasteriseStrokes } from '../core/strokes.ts';
import type { Mask, Stroke } from '../core/types.ts';
import { liveStrokes, type Edit, type ManifestStep } from './edits.ts';
import type { EditorDocument } from './slices/document.ts';
import { runInSource, toSourceStep } from './step-pixels.ts';

export interface ExportManifest {
  type: 'cleanplate.manifest';
  version: 1;
  job_id: string;
  source: { file: string; sha256: string; width: number; height: number };
  steps: ManifestStep[];
}

/** A readable, unique job id: date, time and file stem. */
export function jobId(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const stem =
    name
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 40) || 'image';
  return `${stamp}-${stem}`;
}

/** Where a step's mask travels in a bundle. */
export const maskEntry = (step: number) => `masks/step-${step}.png`;

export interface ExecutedSteps {
  steps: ManifestStep[];
  runs: Run[];
  /** By step index: the mask PNG a step names (`mask: maskEntry(i)`), to write beside the manifest. */
  masks: Record<number, Mask>;
}

/** Inpaint steps whose mask travels as a file name its copy (`name`: where the step's mask file goes). */
function asMaskStep(step: ManifestStep, index: number, name: (step: number) => string): ManifestStep {
  const { strokes: _s, mask: _m, ...rest } = step;
  return { ...rest, mask: name(index) };
}

/**
 * The steps that made the current image, in history order and source pixels, with their runs.
 * `done` is the history's applied edits; `sourceWidth` the source image's width (each step's
 * upscale factor is the width of the image it ran on over it); `maskName` names a step's mask
 * file relative to the manifest (a bundle's entry by default).
 */
export function executedSteps(done: readonly Edit[], sourceWidth: number, maskName: (step: number) => string = maskEntry): ExecutedSteps {
  const out: ExecutedSteps = { steps: [], runs: [], masks: {} };
  let shown: { width: number; height: number } = { width: sourceWidth, height: 0 }; // the image at this point of the history
  for (const [at, e] of done.entries()) {
    if (e.kind === 'clear-mask' || !e.step || clearedUnused(done, at)) continue;
    const ranOn = e.kind === 'replace-pixels' ? e.before : shown;
    const k = ranOn.width / sourceWidth;
    const i = out.steps.length;
    const mask = e.kind === 'replace-pixels' ? e.mask : undefined;
    const inSource = toSourceStep(e.step, k);
    if (mask) {
      out.masks[i] = mask;
      out.steps.push(asMaskStep(e.step, i, maskName));
    } else if (inSource.exact) {
      out.steps.push(inSource.step);
    } else {
      // Strokes with no exact source form: the step names their mask, at the size it was filled.
      out.masks[i] = rasteriseStrokes(ranOn.width, ranOn.height, e.step.strokes as Stroke[]);
      out.steps.push(asMaskStep(e.step, i, maskName));
    }
    out.runs.push({ ms: 0, ...runInSource(e.run ?? {}, k), step: i, op: e.step.op as Run['op'] });
    if (e.kind === 'replace-pixels') shown = e.after;
  }
  return out;
}

/**
 * True for a mask edit the operator cleared before any operation used the mask (text boxes
 * accepted, then "Clear mask"): it left nothing in the image or the mask, so replaying its
 * step would only bring the boxes back.
 */
function clearedUnused(done: readonly Edit[], at: number): boolean {
  if (done[at].kind !== 'mask') return false;
  const next = done.slice(at + 1).find((e) => e.kind !== 'mask');
  return next?.kind === 'clear-mask';
}

/** Copies strokes to plain JSON shape: no absent keys, coordinates as given. */
function plainStroke(s: Stroke): Stroke {
  return {
    points: [...s.points],
    width: s.width,
    ...(s.erase ? { erase: true } : {}),
    ...(s.shape === 'rect' ? { shape: 'rect' as const } : {}),
  };
}

/** Where "Download manifest" puts a step's mask file: beside the manifest, named after the photo. */
export const downloadedMaskName = (doc: EditorDocument, step: number) =>
  `${doc.file.name.replace(/\.[^.]*$/, '') || 'image'}.step-${step}.mask.png`;

/**
 * "Download manifest": the manifest (see buildManifest) and, by file name, the mask files its
 * steps name (imported mask files, strokes with no exact source form), to download beside it.
 * Choosing them all together with the source image imports it again.
 */
export function manifestDownload(
  doc: EditorDocument,
  done: readonly Edit[],
  now = new Date(),
): { manifest: ExportManifest; masks: Record<string, Mask> } {
  const name = (step: number) => downloadedMaskName(doc, step);
  const { steps, masks } = executedSteps(done, doc.file.width, name);
  const files = Object.fromEntries(Object.entries(masks).map(([i, mask]) => [name(Number(i)), mask]));
  return { manifest: manifestOf(doc, done, steps, now), masks: files };
}

/**
 * The manifest of "Download manifest": the executed steps, then an inpaint step carrying the
 * current mask's strokes (in source pixels) so the mask is rebuilt. A v1 inpaint step carries
 * strokes or a mask path, never both.
 */
export function buildManifest(doc: EditorDocument, done: readonly Edit[], now = new Date()): ExportManifest {
  return manifestDownload(doc, done, now).manifest;
}

function manifestOf(doc: EditorDocument, done: readonly Edit[], steps: ManifestStep[], now: Date): ExportManifest {
  const strokes = liveStrokes(done);
  const k = doc.image.width / doc.file.width;
  if (strokes.length > 0) steps.push(toSourceStep({ op: 'inpaint', strokes: strokes.map(plainStroke) }, k).step);
  return {
    type: 'cleanplate.manifest',
    version: 1,
    job_id: jobId(doc.file.name, now),
    source: { file: doc.file.name, sha256: doc.file.sha256, width: doc.file.width, height: doc.file.height },
    steps,
  };
}
