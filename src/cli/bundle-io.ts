// Bundles on disk for `apply`: replaying from one (its source and masks travel inside) and
// writing one next to a result (result, masks as PNG, manifest.json, source).
import { basename } from 'node:path';
import { readBundle, writeBundle, type Bundle } from '../ops/bundle.ts';
import type { ExecutedManifest } from '../ops/manifest.ts';
import { readInputFile, writeFileAtomic } from './image-io.ts';
import { InputError } from './errors.ts';

export const isBundlePath = (path: string) => /\.zip$/i.test(path);

export async function openBundle(path: string): Promise<Bundle> {
  try {
    return readBundle(await readInputFile(path, 'bundle'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: ${(e as Error).message}`);
  }
}

export interface BundleContents {
  executed: ExecutedManifest;
  result: Uint8Array;
  source: Uint8Array;
  /** Mask PNG bytes by the path the steps use. */
  masks: Record<string, Uint8Array>;
}

export async function saveBundle(path: string, { executed, result, source, masks }: BundleContents): Promise<void> {
  const resultName = executed.result.file;
  // The source keeps its name unless it would collide with the result's.
  const sourceName = executed.source.file && executed.source.file !== resultName ? executed.source.file : `source-${basename(resultName)}`;
  const manifest = { ...executed, source: { ...executed.source, file: sourceName } };
  await writeFileAtomic(
    path,
    writeBundle({ manifest, result: { name: resultName, bytes: result }, masks, source: { name: sourceName, bytes: source } }),
  );
}
