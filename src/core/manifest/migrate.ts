// Manifests carry a version and are migrated on read (design.md section 6.8): each row of
// MIGRATIONS lifts a manifest from its key version to the next, until the current one.
import { MANIFEST_TYPE, MANIFEST_VERSION } from './schema.ts';

export type Migration = (manifest: Record<string, unknown>) => Record<string, unknown>;

/** Keyed by the version a migration reads; v1 is the first version, so nothing to lift yet. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type Migrated = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/**
 * Brings a parsed manifest to the current version. A missing version means v1 (the
 * minimal form {job_id, steps, callback}); versions newer than this build are refused.
 */
export function migrate(raw: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS, current = MANIFEST_VERSION): Migrated {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'manifest must be a JSON object {"steps": [...], ...}' };
  const input = raw as Record<string, unknown>;
  if (input.type !== undefined && input.type !== MANIFEST_TYPE)
    return { ok: false, error: `type must be "${MANIFEST_TYPE}" (got ${JSON.stringify(input.type)})` };
  const version = input.version ?? 1;
  if (!Number.isInteger(version) || (version as number) < 1)
    return { ok: false, error: `version must be a whole number from 1 (got ${JSON.stringify(version)})` };
  if ((version as number) > current) {
    return {
      ok: false,
      error: `manifest version ${version} is newer than this cleanplate understands (up to ${current}); update cleanplate`,
    };
  }
  let value = input;
  for (let v = version as number; v < current; v++) {
    const lift = migrations[v];
    if (!lift) return { ok: false, error: `no migration from manifest version ${v} to ${v + 1}` };
    value = { ...lift(value), version: v + 1 };
  }
  return { ok: true, value: { ...value, version: current } };
}
