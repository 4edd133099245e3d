// Checking on read that a result and its executed manifest belong together: the manifest is
// renamed into place last (output-files.ts) and records the result's name and sha256, so a set
// cut short by a kill (a new result beside an old manifest, or a result without one) fails here.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseManifest, type ExecutedManifest } from '../../ops/manifest.ts';
import { sha256Of } from '../../runtime/node-sha256.ts';
import { executedManifestPath } from '../apply.ts';

export type OutputSet = { ok: true; executed: ExecutedManifest } | { ok: false; problem: string };

/** The executed manifest of `out` when it vouches for `out`'s bytes, else what is wrong. */
export async function readOutputSet(out: string): Promise<OutputSet> {
  let text: string;
  try {
    text = await readFile(executedManifestPath(out), 'utf8');
  } catch {
    return { ok: false, problem: `${basename(out)} has no executed manifest` };
  }
  const parsed = parseManifest(text);
  if (!parsed.ok) return { ok: false, problem: `${basename(executedManifestPath(out))}: ${parsed.errors[0]}` };
  const executed = parsed.manifest as ExecutedManifest;
  if (!executed.result || !executed.source?.sha256)
    return { ok: false, problem: `${basename(executedManifestPath(out))} records no result` };
  if (executed.result.file !== basename(out))
    return { ok: false, problem: `${basename(executedManifestPath(out))} is for ${executed.result.file}` };
  let bytes: Buffer;
  try {
    bytes = await readFile(out);
  } catch {
    return { ok: false, problem: `${basename(out)} is missing` };
  }
  if (sha256Of(bytes) !== executed.result.sha256)
    return { ok: false, problem: `${basename(out)} does not match its executed manifest (an interrupted write?)` };
  return { ok: true, executed };
}
