// A job worker process of the job server: runs one job attempt at a time, as the server's
// supervisor (src/node/worker-pool.ts, which forks this file) asks,
// and reports its steps, progress and outcome over the IPC channel. A crash, an out-of-memory
// or a kill ends this process and that attempt only. When the server goes away (even by
// kill -9) the channel closes and the worker exits, so no orphan goes on writing results.
import type { ParentMessage, WorkerMessage } from '../node/job-protocol.ts';
import { exitCodeOf, EXIT_BAD_INPUT, oneLine } from './errors.ts';
import { inferenceThreads } from '../node/threads.ts';
import { configureThreads, executeJob } from './job-execute.ts';

const send = (m: WorkerMessage) => process.send?.(m);

process.on('disconnect', () => process.exit(0));

configureThreads(inferenceThreads()); // the pool gives each worker its share of the cores

process.on('message', async (message: ParentMessage) => {
  if (message.type !== 'run') return;
  const { manifest, input, maskFolder, out, folder } = message;
  let lastSent = 0;
  try {
    const executed = await executeJob({
      manifest,
      input,
      maskFolder,
      out,
      onStep: (index, step) => send({ type: 'step', index, op: step.op }),
      onProgress: ({ stage, fraction }) => {
        // Enough to follow a job live without flooding the channel.
        const now = performance.now();
        if (now - lastSent < 100 && fraction < 1) return;
        lastSent = now;
        send({ type: 'progress', stage, fraction });
      },
    });
    send({ type: 'done', executed });
  } catch (e) {
    const kind = exitCodeOf(e) === EXIT_BAD_INPUT ? 'bad_input' : 'failed';
    const text = e instanceof Error ? e.message : String(e);
    // Paths inside the job's folder read as the caller's own file names.
    send({ type: 'error', kind, message: oneLine(text).split(`${folder}/`).join('') });
  }
});

send({ type: 'ready' });
