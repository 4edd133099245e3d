// Batch progress on stderr: a redrawn bar on a terminal, one line per finished file otherwise
// (logs and CI), so stdout stays free for the summary. File names are printed escaped.
import { printable } from '../errors.ts';
export interface ProgressCounts {
  total: number;
  done: number;
  skipped: number;
  review: number;
  running: number;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  const bar = (c: ProgressCounts) => {
    const finished = c.done + c.skipped + c.review;
    const width = 24;
    const filled = c.total ? Math.round((finished / c.total) * width) : width;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${c.total}  done ${c.done}  skipped ${c.skipped}  needs review ${c.review}  running ${c.running}`;
  };
  return {
    update(c: ProgressCounts): void {
      if (tty) stream.write(`\r\x1b[K${bar(c)}`);
    },
    fileFinished(c: ProgressCounts, name: string, status: string): void {
      const finished = c.done + c.skipped + c.review;
      if (tty) stream.write(`\r\x1b[K${bar(c)}`);
      else stream.write(`[${finished}/${c.total}] ${printable(name)}: ${printable(status)}\n`);
    },
    end(): void {
      if (tty) stream.write('\n');
    },
  };
}
