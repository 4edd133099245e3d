// The manifest for a given set of operations. Core names no operation: each op declares its
// step (src/ops/<op>/step.ts) and the ops layer assembles them here (src/ops/manifest.ts).
// What comes back is everything that depends on which ops exist: the schemas, the op names,
// reading a manifest with messages that name the step and field, and the region checks.
import * as z from 'zod';
import { boxesOutside, type Coordinates } from './coordinates.ts';
import { replayDrift, type DriftRun } from './drift.ts';
import { formatIssues } from './issues.ts';
import { migrate } from './migrate.ts';
import { manifestSchema, runSchema } from './schema.ts';

/** A step's schema: a strict object whose `op` is a literal (the discriminator). */
export type StepSchemaLike = z.ZodObject<{ op: z.ZodLiteral<string> } & z.ZodRawShape>;

/** What an operation declares about its manifest step (no code that runs it). */
export interface StepDeclaration<Op extends string = string, S extends StepSchemaLike = StepSchemaLike> {
  /** The manifest's `op` name. */
  op: Op;
  /** The step's fields and their rules. */
  schema: S;
  /** Which fields are coordinates (source pixels): checked against the image, scaled after an upscale. */
  coordinates: Coordinates;
  /** Set when a step can carry its own outcome (e.g. reviewed boxes): replay then runs nothing for it. */
  carriesOutcome?: (step: z.output<S>) => boolean;
}

export type Parsed<M> = { ok: true; manifest: M } | { ok: false; errors: string[] };

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

type Schemas<D extends readonly StepDeclaration[]> = { -readonly [I in keyof D]: D[I]['schema'] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a tuple of declarations, each with its own schema
export function defineManifest<const D extends readonly [StepDeclaration<string, any>, ...StepDeclaration<string, any>[]]>(
  declarations: D,
) {
  type Op = D[number]['op'];
  const schemas = declarations.map((d) => d.schema) as unknown as Schemas<D>;
  const StepSchema = z.discriminatedUnion('op', schemas);
  const OP_NAMES = declarations.map((d) => d.op) as unknown as readonly [Op, ...Op[]];
  const RunSchema = runSchema(OP_NAMES);
  const ManifestSchema = manifestSchema(StepSchema, RunSchema);
  type Manifest = z.output<typeof ManifestSchema>;
  type Step = z.output<typeof StepSchema>;
  const byOp = new Map<string, StepDeclaration>(declarations.map((d) => [d.op, d]));

  /** Regions and boxes are in source pixels and must lie inside the source image. */
  function regionsOutside(manifest: { steps: readonly Step[] }, size: { width: number; height: number }): string[] {
    return manifest.steps.flatMap((step, i) => {
      const where = `step ${i} (${step.op})`;
      return boxesOutside(step, byOp.get(step.op)!.coordinates, size).map((p) => `${where}: ${p}`);
    });
  }

  function parseManifest(input: string | unknown, options: ParseOptions = {}): Parsed<Manifest> {
    let raw = input;
    if (typeof input === 'string') {
      const json = parseJson(input);
      if (!json.ok) return { ok: false, errors: [json.error] };
      raw = json.value;
    }
    const migrated = migrate(raw);
    if (!migrated.ok) return { ok: false, errors: [migrated.error] };
    const result = ManifestSchema.safeParse(migrated.value);
    if (!result.success) return { ok: false, errors: formatIssues(result.error.issues, migrated.value, OP_NAMES) };
    const manifest = result.data;
    const { width, height } = options.imageSize ?? manifest.source ?? {};
    const outside = width && height ? regionsOutside(manifest, { width, height }) : [];
    return outside.length ? { ok: false, errors: outside } : { ok: true, manifest };
  }

  /** parseManifest that throws a ManifestError instead of returning the problems. */
  function requireManifest(input: string | unknown, options?: ParseOptions): Manifest {
    const parsed = parseManifest(input, options);
    if (!parsed.ok) throw new ManifestError(parsed.errors);
    return parsed.manifest;
  }

  /** The mask files the steps name (fields declared 'mask-file'), in step order. */
  const maskFiles = (manifest: { steps: readonly Step[] }): string[] =>
    manifest.steps.flatMap((step) =>
      Object.entries(byOp.get(step.op)!.coordinates).flatMap(([field, kind]) => {
        const path = (step as Record<string, unknown>)[field];
        return kind === 'mask-file' && typeof path === 'string' ? [path] : [];
      }),
    );

  /** Whether a step carries its own outcome (replay runs nothing for it). */
  const carriesOutcome = (step: Step): boolean => byOp.get(step.op)?.carriesOutcome?.(step) ?? false;

  return {
    StepSchema,
    RunSchema,
    ManifestSchema,
    OP_NAMES,
    declarations,
    coordinatesOf: (op: Op): Coordinates => byOp.get(op)!.coordinates,
    carriesOutcome,
    maskFiles,
    regionsOutside,
    parseManifest,
    requireManifest,
    /** How a replay differs from the runs the manifest recorded, one line per difference. */
    replayDrift: (manifest: Manifest, replayed: readonly z.output<typeof RunSchema>[]) =>
      replayDrift(manifest as Parameters<typeof replayDrift>[0], replayed, (i) => {
        const step = manifest.steps[i];
        return step !== undefined && carriesOutcome(step);
      }),
  };
}
