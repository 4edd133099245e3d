// The command line's host: the Node host of the ops (src/node/host.ts) with progress on the
// terminal, where long ops show their stage on one redrawn stderr line.
import type { ProgressFn } from '../core/types.ts';
import { createNodeHost, type NodeHost } from '../node/host.ts';
import { inferenceThreads } from '../node/threads.ts';

export interface CliHost extends NodeHost {
  /** Clears the progress line before results are printed. */
  endProgress(): void;
}

function progressLine(stream: NodeJS.WriteStream = process.stderr): { show?: ProgressFn; end(): void } {
  if (!stream.isTTY) return { end: () => {} };
  return {
    show: ({ stage, fraction, detail }) => stream.write(`\r\x1b[K${stage} ${Math.round(fraction * 100)}%${detail ? ` (${detail})` : ''}`),
    end: () => stream.write('\r\x1b[K'),
  };
}

export function createCliHost(): CliHost {
  const progress = progressLine();
  return { ...createNodeHost({ onProgress: progress.show, intraOpNumThreads: inferenceThreads() }), endProgress: progress.end };
}
