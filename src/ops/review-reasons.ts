// Why a person should look at a result: the check after remove_text (or redact) still found
// text (or a face), or remove_text changed pixels outside its text boxes. One definition for
// every host: the CLI prints it, batch and the job server send the result to review with it.
import type { Run } from './manifest.ts';

const box = (b: readonly number[]) => `[${b.slice(0, 4).map(Math.round).join(', ')}]`;

/** One line per reason, naming the step; empty when nothing was flagged. */
export function reviewReasons(runs: readonly Run[]): string[] {
  return runs.flatMap((r) => {
    const where = `step ${r.step} (${r.op})`;
    const what = r.op === 'redact' ? 'a face or text' : 'text';
    return [
      ...(r.leftover?.length ? [`${where}: ${what} may remain in ${r.leftover.map(box).join(', ')}`] : []),
      ...(r.changed_outside ? [`${where}: ${r.changed_outside} pixels changed outside the text boxes`] : []),
    ];
  });
}
