// Turns zod issues into one line per problem that names the step and the field:
//   step 2 (upscale): scale must be 2, 3 or 4
// Steps are numbered from 0, as in result.runs[].step.
import type * as z from 'zod';

type Issue = z.core.$ZodIssue;

/** "strokes[0].width" from ["strokes", 0, "width"]. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** A message that completes "<field> ..." is joined with a space, any other with a colon. */
function sentence(field: string, message: string): string {
  if (!field) return message;
  return /^(must|is|needs|has) /.test(message) ? `${field} ${message}` : `${field}: ${message}`;
}

function stepLabel(raw: unknown, index: number, opNames: readonly string[]): string {
  const steps = (raw as { steps?: unknown })?.steps;
  const op = Array.isArray(steps) ? (steps[index] as { op?: unknown })?.op : undefined;
  return typeof op === 'string' && opNames.includes(op) ? `step ${index} (${op})` : `step ${index}`;
}

function unknownOp(raw: unknown, index: number, opNames: readonly string[]): string {
  const steps = (raw as { steps: unknown[] }).steps;
  const op = (steps[index] as { op?: unknown } | null)?.op;
  const known = opNames.join(', ');
  return op === undefined
    ? `step ${index}: op is required (one of ${known})`
    : `step ${index}: unknown op ${JSON.stringify(op)} (known ops: ${known})`;
}

function formatIssue(issue: Issue, raw: unknown, opNames: readonly string[]): string {
  const path = issue.path;
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message;
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const index = path[1];
    if (issue.code === 'invalid_union' && path[2] === 'op' && path.length === 3) return unknownOp(raw, index, opNames);
    const rest = path.slice(2);
    if (rest.length === 0 && issue.code === 'invalid_type') return `step ${index} must be an object {"op": ..., ...}`;
    return `${stepLabel(raw, index, opNames)}: ${sentence(fieldName(rest), message)}`;
  }
  return sentence(fieldName(path), message);
}

/** One line per problem, in document order, without duplicates. `opNames` are the ops the manifest knows. */
export function formatIssues(issues: readonly Issue[], raw: unknown, opNames: readonly string[]): string[] {
  return [...new Set(issues.map((i) => formatIssue(i, raw, opNames)))];
}
