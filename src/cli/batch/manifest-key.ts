// What a batch result was made with, as one digest: the manifest's content (its steps and
// settings; not `source` and `result`, which an executed manifest fills in), in a canonical
// form so key order and whitespace do not count. A file is done for a batch only when its
// job_id, input sha256 and this digest all match: the same job_id with changed steps reruns.
import { createHash } from 'node:crypto';
import type { Manifest } from '../../ops/manifest.ts';

/** JSON with object keys sorted at every level. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the parsed manifest's content, without source and result. */
export function manifestKey(manifest: Manifest): string {
  const { source: _source, result: _result, ...content } = manifest;
  return createHash('sha256').update(canonical(content)).digest('hex');
}

/** The job_id a batch uses: the manifest's own, or one derived from its content. */
export const batchJobId = (manifest: Manifest) => manifest.job_id ?? `manifest-${manifestKey(manifest).slice(0, 16)}`;
