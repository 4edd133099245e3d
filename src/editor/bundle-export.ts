// Export bundle: one .zip (core/bundle.ts) holding the result image, the source it was made
// from, each inpaint step's mask as a PNG, and manifest.json: every operation still in the
// history as a step (strokes as data, in source pixels) with its run (engine, model + sha256,
// backend, ms), and the source and result sha256. The bundle replays on its own.
// Metadata: browser encoders write none. The pixels hold the source's own colour values and
// the result carries the source's ICC profile back (exportImage); its EXIF (with GPS) is
// copied over unless stripped.
import { writeBundle } from '../ops/bundle.ts';
import { readExif, withExif } from '../core/exif.ts';
import { sha256Hex } from '../core/hash.ts';
import { requireManifest, type ExecutedManifest } from '../ops/manifest.ts';
import { rasteriseStrokes } from '../core/strokes.ts';
import type { Mask, Stroke } from '../core/types.ts';
import type { Edit, ManifestStep } from './edits.ts';
import { encodeMask, exportImage, exportNames, type ExportFormat } from './export.ts';
import { executedSteps, jobId, maskEntry } from './manifest.ts';
import type { EditorDocument } from './slices/document.ts';

export interface BundleOptions {
  format: ExportFormat;
  /** 0..1, for JPEG and WebP. */
  quality: number;
  /** Leave out the source's EXIF/GPS (browser encoders write none; kept means copied over). */
  stripMetadata: boolean;
}

/** A file name that is a safe bundle entry (no folders, drive letters or control characters). */
export const entryName = (name: string) => name.replace(/[\\/:\u0000-\u001f]/g, '-').slice(-200) || 'image';

export interface BundleResult {
  file: string;
  sha256: string;
  width: number;
  height: number;
}

/** The bundle's manifest.json and the masks its steps name, checked against the schema (a bundle that would not replay is never written). */
export function bundleManifest(
  doc: EditorDocument,
  done: readonly Edit[],
  result: BundleResult,
  now = new Date(),
): ExecutedManifest & { masks: Record<number, Mask> } {
  const { steps, runs, masks } = executedSteps(done, doc.file.width);
  const f = doc.file;
  // The source keeps its name unless it would collide with the result's ("x.cleanplate.png" re-exported).
  const sourceName = entryName(f.name) === result.file ? `source-${result.file}` : entryName(f.name);
  const manifest = {
    type: 'cleanplate.manifest' as const,
    version: 1 as const,
    job_id: jobId(f.name, now),
    source: { file: sourceName, sha256: f.sha256, width: f.width, height: f.height },
    steps,
    result: { ...result, runs },
  };
  // Parsing checks every step and field; source and result are set above, so it is executed.
  return Object.assign(requireManifest(manifest) as ExecutedManifest, { masks });
}

/** Each inpaint step's mask as a PNG: the one it names, or its strokes rasterised at source size as the runner does. */
async function stepMasks(
  doc: EditorDocument,
  steps: readonly ManifestStep[],
  named: Record<number, Mask>,
): Promise<Record<string, Uint8Array>> {
  const masks: Record<string, Uint8Array> = {};
  for (const [i, step] of steps.entries()) {
    if (step.op !== 'inpaint') continue;
    const mask = named[i] ?? rasteriseStrokes(doc.file.width, doc.file.height, step.strokes as Stroke[]);
    masks[maskEntry(i)] = new Uint8Array(await (await encodeMask(mask)).arrayBuffer());
  }
  return masks;
}

export const bundleName = (doc: EditorDocument) => exportNames(doc, 'png').image.replace(/\.png$/, '.zip');

export interface BuiltBundle {
  bytes: Uint8Array;
  name: string;
  manifest: ExecutedManifest;
}

export async function buildBundle(doc: EditorDocument, done: readonly Edit[], options: BundleOptions): Promise<BuiltBundle> {
  if (!doc.file.blob) throw new Error('The source file is no longer available; open it again to export a bundle.');
  const names = exportNames(doc, options.format);
  const source = new Uint8Array(await doc.file.blob.arrayBuffer());
  const encoded = await exportImage(doc, options.format, options.quality);
  // The canvas encoder writes no metadata: kept EXIF is copied from the source (orientation reset).
  const exif = options.stripMetadata ? null : readExif(source);
  const result = exif ? withExif(encoded, options.format, exif) : encoded;
  const resultName = entryName(names.image);
  const { masks, ...manifest } = bundleManifest(doc, done, {
    file: resultName,
    sha256: await sha256Hex(result as Uint8Array<ArrayBuffer>),
    width: doc.image.width,
    height: doc.image.height,
  });
  const bytes = writeBundle({
    manifest,
    result: { name: resultName, bytes: result },
    masks: await stepMasks(doc, manifest.steps as ManifestStep[], masks),
    source: { name: manifest.source.file!, bytes: source },
  });
  return { bytes, name: bundleName(doc), manifest };
}
