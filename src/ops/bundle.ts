// Export bundles: one .zip holding manifest.json, the result image, the masks its steps
// name (PNG) and, optionally, the source so the bundle replays on its own. Pure: bytes in,
// bytes out; hosts encode images and read/write files. In ops, not core, because it reads the
// manifest of this build's operations (which steps name mask files).
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { relativePathProblem } from '../core/manifest/index.ts';
import { maskFiles, parseManifest, type Manifest } from './manifest.ts';

export const BUNDLE_MANIFEST = 'manifest.json';

export interface BundleFile {
  name: string;
  bytes: Uint8Array;
}

export interface Bundle {
  /** Executed manifest: source and result sha256, result.file names the result entry. */
  manifest: Manifest;
  result: BundleFile;
  /** Mask PNGs by the relative path the manifest's steps use. */
  masks: Record<string, Uint8Array>;
  source?: BundleFile;
}

export class BundleError extends Error {
  override name = 'BundleError';
}

/** A fixed timestamp keeps bundles byte-identical for identical content. */
const MTIME = new Date('2000-01-01T00:00:00Z');
/** Refuse entries that would inflate past this (zip bombs). */
const MAX_ENTRY_BYTES = 1 << 30;

function entryProblem(name: string): string | null {
  const problem = relativePathProblem(name);
  return problem && `bundle entry name ${problem}`;
}

export function writeBundle(bundle: Bundle): Uint8Array {
  const names = [BUNDLE_MANIFEST, bundle.result.name, ...Object.keys(bundle.masks), ...(bundle.source ? [bundle.source.name] : [])];
  const bad = names.map(entryProblem).find(Boolean);
  if (bad) throw new BundleError(bad);
  if (new Set(names).size !== names.length) throw new BundleError(`bundle entries must have distinct names (${names.join(', ')})`);
  // Images are already compressed: store them; deflate only the JSON.
  const stored = (bytes: Uint8Array): [Uint8Array, { level: 0 }] => [bytes, { level: 0 }];
  const files: Zippable = {
    [BUNDLE_MANIFEST]: new TextEncoder().encode(JSON.stringify(bundle.manifest, null, 2)),
    [bundle.result.name]: stored(bundle.result.bytes),
  };
  for (const [path, png] of Object.entries(bundle.masks)) files[path] = stored(png);
  if (bundle.source) files[bundle.source.name] = stored(bundle.source.bytes);
  return zipSync(files, { level: 6, mtime: MTIME });
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, {
      filter: (f) => {
        if (f.originalSize > MAX_ENTRY_BYTES) throw new BundleError(`bundle entry "${f.name}" is too large (${f.originalSize} bytes)`);
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(`not a cleanplate bundle: the file is not a readable .zip (${(e as Error).message})`);
  }
}

/** Reads a bundle back; refuses a bundle whose manifest is invalid or whose files are missing. */
export function readBundle(bytes: Uint8Array): Bundle {
  const entries = unzip(bytes);
  const bad = Object.keys(entries).map(entryProblem).find(Boolean);
  if (bad) throw new BundleError(bad);
  const manifestBytes = entries[BUNDLE_MANIFEST];
  if (!manifestBytes) throw new BundleError(`not a cleanplate bundle: ${BUNDLE_MANIFEST} is missing`);
  const parsed = parseManifest(new TextDecoder().decode(manifestBytes));
  if (!parsed.ok) throw new BundleError(`bundle ${BUNDLE_MANIFEST}: ${parsed.errors.join('; ')}`);
  const manifest = parsed.manifest;
  const resultName = manifest.result?.file;
  if (!resultName || !entries[resultName])
    throw new BundleError(`bundle is missing its result image${resultName ? ` "${resultName}"` : ''}`);
  const masks: Record<string, Uint8Array> = {};
  for (const path of maskFiles(manifest)) {
    if (!entries[path]) throw new BundleError(`bundle is missing mask "${path}"`);
    masks[path] = entries[path];
  }
  const sourceName = manifest.source?.file;
  const source =
    sourceName && sourceName !== resultName && entries[sourceName] ? { name: sourceName, bytes: entries[sourceName] } : undefined;
  return { manifest, result: { name: resultName, bytes: entries[resultName] }, masks, ...(source ? { source } : {}) };
}
