// Manifest v1: the envelope, field rules, migration, step/field messages. The step union is
// assembled from the operations' declarations by defineManifest (see src/ops/manifest.ts).
export * from './schema.ts';
export * from './fields.ts';
export { defineManifest, ManifestError, type Parsed, type ParseOptions, type StepDeclaration, type StepSchemaLike } from './define.ts';
export { boxFields, boxesOutside, type BoxTuple, type CoordinateKind, type Coordinates } from './coordinates.ts';
export { migrate, MIGRATIONS, type Migration, type Migrated } from './migrate.ts';
export { maskPathProblem, relativePathProblem } from './mask-path.ts';
export { formatIssues } from './issues.ts';
export { DRIFT_ADVICE, replayDrift, type DriftRun } from './drift.ts';
