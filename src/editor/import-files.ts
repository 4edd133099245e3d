// What the user handed to "Import bundle or manifest" (or dropped, or opened): a bundle .zip,
// or a manifest .json with its source image and the mask PNGs its steps name. Reads and checks
// everything (manifest schema, the source's sha256, regions inside the image, masks present)
// before anything replays; every refusal is an ImportError whose lines name the step and field.
import { BundleError, readBundle } from '../ops/bundle.ts';
import { parseManifest, regionsOutside, type Manifest } from '../ops/manifest.ts';

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
  /** Mask PNG bytes by the path the steps name. */
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
    throw new ImportError([
      'The bundle holds no source image, so it cannot be replayed. Import its manifest together with the source image instead.',
    ]);
  }
  const name = bundle.source.name.split('/').pop()!;
  return {
    manifest: bundle.manifest,
    source: new File([bundle.source.bytes as Uint8Array<ArrayBuffer>], name),
    masks: bundle.masks,
    label: zip.name,
  };
}

/** "masks/m.png" for "./masks//m.png": the path's segments, without "." and empty ones. */
const segments = (path: string) => path.split('/').filter((p) => p !== '' && p !== '.');
const baseName = (path: string) => segments(path).at(-1) ?? '';

/**
 * Where a picked file lies relative to the manifest's folder, when the browser says (a folder
 * was chosen or dropped: webkitRelativePath); otherwise only its name is known.
 */
function relativeTo(manifest: File, f: File): string | null {
  const [folder, own] = [manifest, f].map((x) => segments(x.webkitRelativePath ?? ''));
  if (folder.length === 0 || own.length === 0) return null;
  const dir = folder.slice(0, -1);
  return dir.every((d, i) => own[i] === d) ? own.slice(dir.length).join('/') : null;
}

/**
 * The picked files a manifest's mask paths name: by path relative to the manifest's folder when
 * the browser gives one, else by file name. Paths never leave that folder (the schema refuses
 * "..", absolute paths and URLs, as the CLI does).
 */
function matchMasks(manifest: Manifest, json: File, picked: readonly File[]): { found: Map<string, File>; problems: string[] } {
  const found = new Map<string, File>();
  const problems: string[] = [];
  const paths = [...new Set(manifest.steps.flatMap((s) => (s.op === 'inpaint' && s.mask ? [s.mask] : [])))];
  for (const path of paths) {
    const step = manifest.steps.findIndex((s) => s.op === 'inpaint' && s.mask === path);
    const where = `step ${step} (inpaint): mask "${path}"`;
    const rel = segments(path).join('/');
    const byPath = picked.filter((f) => relativeTo(json, f) === rel);
    const byName = picked.filter((f) => relativeTo(json, f) === null && f.name === baseName(path));
    const sameName = paths.filter((p) => p !== path && baseName(p) === baseName(path));
    const matches = byPath.length ? byPath : byName;
    if (matches.length === 1 && (byPath.length || sameName.length === 0)) found.set(path, matches[0]);
    else if (matches.length === 0)
      problems.push(
        `${where} is not among the chosen files: choose it together with the manifest and its source image (or import a bundle (.zip) that holds it).`,
      );
    else
      problems.push(
        `${where} cannot be told apart from other chosen files named “${baseName(path)}”: choose the manifest's folder, or import a bundle (.zip).`,
      );
  }
  return { found, problems };
}

/** The source among the picked files that are not masks: the one the manifest names, or the only one. */
function pickSource(manifest: Manifest, rest: readonly File[]): File {
  const named = manifest.source?.file;
  const byName = named ? rest.filter((f) => f.name === baseName(named)) : [];
  if (byName.length === 1) return byName[0];
  if (rest.length === 1) return rest[0];
  const which = named ? ` (${named})` : '';
  if (rest.length === 0) {
    throw new ImportError([
      `A manifest replays on its source image${which}: choose or drop both files together (with any mask PNGs it names), or import a bundle (.zip) that holds the source.`,
    ]);
  }
  throw new ImportError([
    `Which of ${rest.map((f) => `“${f.name}”`).join(', ')} is the source image${which}? Choose the manifest with only its source image and the mask PNGs it names.`,
  ]);
}

async function fromManifest(json: File, picked: readonly File[]): Promise<ImportInput> {
  const parsed = parseManifest(await json.text());
  if (!parsed.ok) throw new ImportError(parsed.errors);
  const manifest = parsed.manifest;
  const { found, problems } = matchMasks(manifest, json, picked);
  if (problems.length) throw new ImportError(problems);
  const source = pickSource(
    manifest,
    picked.filter((f) => ![...found.values()].includes(f)),
  );
  const masks: Record<string, Uint8Array> = {};
  for (const [path, f] of found) masks[path] = await bytesOf(f);
  return { manifest, source, masks, label: json.name };
}

/** Sorts the picked files into one import, or refuses with what to pick instead. */
export async function readImportFiles(files: readonly File[]): Promise<ImportInput> {
  const zips = files.filter(isZip);
  const jsons = files.filter(isJson);
  const others = files.filter((f) => !isImportFile(f));
  if (zips.length + jsons.length !== 1 || (zips.length === 1 && others.length > 0)) {
    throw new ImportError(['Import takes one bundle (.zip), or one manifest (.json) with its source image and the mask PNGs it names.']);
  }
  return zips.length ? fromBundle(zips[0]) : fromManifest(jsons[0], others);
}

/** Checks the decoded source against the manifest: the same file (sha256) and regions inside it. */
export function sourceProblems(manifest: Manifest, source: { name: string; sha256: string; width: number; height: number }): string[] {
  const want = manifest.source?.sha256;
  if (want && want !== source.sha256) {
    const named = manifest.source?.file ? ` (“${manifest.source.file}”)` : '';
    return [
      `“${source.name}” is not the image this manifest was made for: its sha256 differs from source.sha256. Choose the manifest's own source${named}.`,
    ];
  }
  return regionsOutside(manifest, source);
}
