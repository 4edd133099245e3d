// Manifest files: read, validate against the source image, and resolve mask paths inside
// the manifest's folder (following symlinks, which must not lead out either).
import { realpath } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseManifest, type Manifest } from '../ops/manifest.ts';
import { InputError } from './errors.ts';
import { readInputFile } from './image-io.ts';

export interface ManifestFile {
  manifest: Manifest;
  /** The folder mask paths are relative to. */
  folder: string;
}

export async function readManifest(path: string, imageSize?: { width: number; height: number }): Promise<ManifestFile> {
  const text = (await readInputFile(path, 'manifest')).toString('utf8');
  const parsed = parseManifest(text, { imageSize });
  if (!parsed.ok) throw new InputError(`manifest ${path}: ${parsed.errors.join('; ')}`);
  return { manifest: parsed.manifest, folder: dirname(resolve(path)) };
}

/** The real path of a mask named by a manifest; refuses anything that resolves outside its folder. */
export async function resolveMaskPath(folder: string, maskPath: string): Promise<string> {
  const root = await realpath(folder);
  let target: string;
  try {
    target = await realpath(resolve(root, maskPath));
  } catch {
    throw new InputError(`mask "${maskPath}" not found in ${folder}`);
  }
  const rel = relative(root, target);
  if (rel.startsWith('..') || rel.startsWith(sep) || resolve(root, rel) !== target) {
    throw new InputError(`mask "${maskPath}" leads outside the manifest's folder`);
  }
  return target;
}
