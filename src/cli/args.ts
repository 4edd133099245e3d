// Command-line parsing on node:util parseArgs, with values checked into domain types.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Box } from '../core/types.ts';
import { UsageError } from './errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(argv: string[], options: Options, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals > 0,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
}

export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** "x0,y0,x1,y1" -> Box; bounds against the image are checked with the manifest rules. */
export function parseRegion(text: string | undefined): Box | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 4 || !parts.every((p) => /^\d+$/.test(p)))
    throw new UsageError(`--region must be x0,y0,x1,y1 in whole pixels (got "${text}")`);
  return parts.map(Number) as Box;
}

export function parseScale(text: string): 2 | 3 | 4 {
  if (!['2', '3', '4'].includes(text)) throw new UsageError(`--scale must be 2, 3 or 4 (got "${text}")`);
  return Number(text) as 2 | 3 | 4;
}

/** A whole-number option in [min, max], or undefined when absent. */
export function parseWhole(name: string, text: string | boolean | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${text}")`);
  return n;
}
