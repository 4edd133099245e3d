// What the user handed to "Import bundle or manifest" (or dropped, or opened): a bundle .zip,
// or a manifest .json with its source image. Reads and checks everything (manifest schema,
// the source's sha256, regions inside the image, masks present) before anything replays;
// every refusal is an ImportError whose lines name the step and field.
import { BundleError, readBundle } from '../core/bundle.ts';
import { parseManifest, regionsOutside, type Manifest } from '../core/manifest/index.ts';

export class ImportError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ImportError';
  }
}

export interface ImportInput {
  manifest: Manifest;
  /** The source image the steps run on. */
  source: File;
  /** Mask PNG bytes by the path the steps name (bundles only). */
  masks: Record<string, Uint8Array>;
  /** What the user picked, for messages. */
  label: string;
}

const isZip = (f: File) => /\.zip$/i.test(f.name) || f.type === 'application/zip';
const isJson = (f: File) => /\.json$/i.test(f.name) || f.type === 'application/json';

/** Whether these files are for import (a bundle or a manifest) rather than an image to open. */
export function isImportFile(f: File): boolean {
  return isZip(f) || isJson(f);
}

const bytesOf = async (f: File) => new Uint8Array(await f.arrayBuffer());

async function fromBundle(zip: File): Promise<ImportInput> {
  let bundle;
  try {
    bundle = readBundle(await bytesOf(zip));
  } catch (e) {
    if (e instanceof BundleError) throw new ImportError([`${e.message}.`]);
    throw e;
  }
  if (!bundle.source) {
    throw new ImportError(['The bundle holds no source image, so it cannot be replayed. Import its manifest together with the source image instead.']);
  }
  const name = bundle.source.name.split('/').pop()!;
  return { manifest: bundle.manifest, source: new File([bundle.source.bytes as Uint8Array<ArrayBuffer>], name), masks: bundle.masks, label: zip.name };
}

async function fromManifest(json: File, image: File | undefined): Promise<ImportInput> {
  const parsed = parseManifest(await json.text());
  if (!parsed.ok) throw new ImportError(parsed.errors);
  const manifest = parsed.manifest;
  if (!image) {
    const named = manifest.source?.file ? ` (${manifest.source.file})` : '';
    throw new ImportError([`A manifest replays on its source image${named}: choose or drop both files together, or import a bundle (.zip) that holds the source.`]);
  }
  const maskSteps = manifest.steps.flatMap((s, i) => (s.op === 'inpaint' && s.mask ? [`step ${i} (inpaint): mask "${s.mask}" is a separate file the browser cannot read from the manifest's folder; import a bundle (.zip) that holds it.`] : []));
  if (maskSteps.length) throw new ImportError(maskSteps);
  return { manifest, source: image, masks: {}, label: json.name };
}

/** Sorts the picked files into one import, or refuses with what to pick instead. */
export async function readImportFiles(files: readonly File[]): Promise<ImportInput> {
  const zips = files.filter(isZip);
  const jsons = files.filter(isJson);
  const images = files.filter((f) => !isImportFile(f));
  if (zips.length + jsons.length !== 1 || images.length > 1 || (zips.length === 1 && images.length > 0)) {
    throw new ImportError(['Import takes one bundle (.zip), or one manifest (.json) with its source image.']);
  }
  return zips.length ? fromBundle(zips[0]) : fromManifest(jsons[0], images[0]);
}

/** Checks the decoded source against the manifest: the same file (sha256) and regions inside it. */
export function sourceProblems(manifest: Manifest, source: { name: string; sha256: string; width: number; height: number }): string[] {
  const want = manifest.source?.sha256;
  if (want && want !== source.sha256) {
    const named = manifest.source?.file ? ` (“${manifest.source.file}”)` : '';
    return [`“${source.name}” is not the image this manifest was made for: its sha256 differs from source.sha256. Choose the manifest's own source${named}.`];
  }
  return regionsOutside(manifest, source);
}
