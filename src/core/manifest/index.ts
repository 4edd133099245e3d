// Manifest v1: schema, parsing with step/field messages, migration.
export * from './schema.ts';
export { parseManifest, requireManifest, regionsOutside, ManifestError, type Parsed, type ParseOptions } from './parse.ts';
export { migrate, MIGRATIONS, type Migration, type Migrated } from './migrate.ts';
export { maskPathProblem, relativePathProblem } from './mask-path.ts';
export { formatIssues } from './issues.ts';
export { DRIFT_ADVICE, replayDrift } from './drift.ts';
export { MAX_STROKE_POINTS } from './limits.ts';
