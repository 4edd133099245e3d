// Reading a manifest: JSON text or a parsed value -> migrated, validated v1, or the list
// of problems, one line each, naming the step and the field.
import { formatIssues } from './issues.ts';
import { limitProblems } from './limits.ts';
import { migrate } from './migrate.ts';
import { ManifestSchema, type Manifest } from './schema.ts';

export type Parsed = { ok: true; manifest: Manifest } | { ok: false; errors: string[] };

export interface ParseOptions {
  /** The source image's size, when known: regions must lie inside it. Defaults to manifest.source. */
  imageSize?: { width: number; height: number };
}

/** Thrown by requireManifest; `problems` holds one line per problem. */
export class ManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ManifestError';
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'manifest is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `manifest is not valid JSON (${(e as Error).message})` };
  }
}

/** Regions and boxes are in source pixels and must lie inside the source image. */
export function regionsOutside(manifest: Manifest, size: { width: number; height: number }): string[] {
  const outside = ([, , x1, y1]: number[]) => x1 > size.width || y1 > size.height;
  return manifest.steps.flatMap((step, i) => {
    const where = `step ${i} (${step.op})`;
    const inside = `must lie inside the ${size.width}x${size.height} image`;
    const region =
      'region' in step && step.region && outside(step.region) ? [`${where}: region [${step.region.join(', ')}] ${inside}`] : [];
    const boxes =
      'boxes' in step && step.boxes
        ? step.boxes.flatMap((b, j) => (outside(b) ? [`${where}: boxes[${j}] [${b.join(', ')}] ${inside}`] : []))
        : [];
    return [...region, ...boxes];
  });
}

export function parseManifest(input: string | unknown, options: ParseOptions = {}): Parsed {
  let raw = input;
  if (typeof input === 'string') {
    const json = parseJson(input);
    if (!json.ok) return { ok: false, errors: [json.error] };
    raw = json.value;
  }
  const migrated = migrate(raw);
  if (!migrated.ok) return { ok: false, errors: [migrated.error] };
  const result = ManifestSchema.safeParse(migrated.value);
  if (!result.success) return { ok: false, errors: formatIssues(result.error.issues, migrated.value) };
  const manifest = result.data;
  const over = limitProblems(manifest);
  if (over.length) return { ok: false, errors: over };
  const { width, height } = options.imageSize ?? manifest.source ?? {};
  const outside = width && height ? regionsOutside(manifest, { width, height }) : [];
  return outside.length ? { ok: false, errors: outside } : { ok: true, manifest };
}

/** parseManifest that throws a ManifestError instead of returning the problems. */
export function requireManifest(input: string | unknown, options?: ParseOptions): Manifest {
  const parsed = parseManifest(input, options);
  if (!parsed.ok) throw new ManifestError(parsed.errors);
  return parsed.manifest;
}
