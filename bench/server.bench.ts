// The job server under load, over loopback: 200 jobs (remove_text + inpaint + upscale x2 on
// small photos) through POST /submit, each followed by its server-sent events to the end, with
// a callback receiver counting deliveries: jobs/s, p50/p95 latency (submit to done), lost and
// duplicated jobs. Then one 960x600 job end to end next to the same manifest through
// `cleanplate apply` (a fresh process), and what the server adds to it: the end-to-end time
// minus the worker's own attempt (which runs the same pipeline as apply). Last, the embedded
// queue next to BullMQ on Redis with 1 and 2 worker processes (server-queues.ts).
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { follow, startServer, submit } from '../src/server/test/harness.ts';
import { median, type BenchReport } from './report.ts';
import { compareQueues } from './server-queues.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEV = resolve(ROOT, '../shared/datasets/dev');
const JOBS = 200;
const SUBMITTERS = 16;

const steps = (w: number, h: number) => [
  { op: 'remove_text' },
  { op: 'inpaint', strokes: [{ points: [w * 0.2, h * 0.3, w * 0.5, h * 0.6], width: Math.max(4, w / 40) }], engine: 'patchmatch' },
  { op: 'upscale', scale: 2 },
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** 200 small crops (128x96) of the dev photos with text, each different. */
export async function smallPhotos(): Promise<Buffer[]> {
  const names = ['astronaut', 'brick', 'chelsea', 'coffee', 'grass', 'motorcycle', 'rocket'];
  const sources = await Promise.all(
    names.map((n) =>
      sharp(join(DEV, 'text', n, 'texted.png'))
        .metadata()
        .then((m) => ({ n, m })),
    ),
  );
  const out: Buffer[] = [];
  for (let i = 0; out.length < JOBS; i++) {
    const { n, m } = sources[i % sources.length];
    const k = Math.floor(i / sources.length);
    const left = (k * 37) % (m.width! - 128);
    const top = (k * 23) % (m.height! - 96);
    out.push(
      await sharp(join(DEV, 'text', n, 'texted.png'))
        .extract({ left, top, width: 128, height: 96 })
        .png()
        .toBuffer(),
    );
  }
  return out;
}

async function receiver() {
  const seen = new Map<string, Set<string>>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const { job_id } = JSON.parse(body) as { job_id: string };
      const ids = seen.get(job_id) ?? new Set();
      ids.add(String(req.headers['webhook-id']));
      seen.set(job_id, ids);
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { seen, port: (server.address() as { port: number }).port, close: () => server.close() };
}

export async function run(): Promise<BenchReport> {
  const hooks = await receiver();
  const concurrency = availableParallelism();
  const server = await startServer({
    concurrency,
    callbacks: { allowedHosts: ['127.0.0.1'], allowPrivate: [`127.0.0.1:${hooks.port}`] },
  });
  const rows: BenchReport['rows'] = [];
  try {
    // Warm the workers (model sessions load once per process).
    const photos = await smallPhotos();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, i) => {
        await submit(server.url, {
          image: { bytes: photos[i], name: 'warm.png' },
          manifest: { job_id: `warm-${i}`, steps: steps(128, 96) },
        });
        await follow(server.url, `warm-${i}`);
      }),
    );

    const latencies: number[] = [];
    const states = new Map<string, string>();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        for (let i = next++; i < JOBS; i = next++) {
          const id = `bench-${i}`;
          const started = performance.now();
          const manifest = { job_id: id, steps: steps(128, 96), callback: `http://127.0.0.1:${hooks.port}/hook` };
          const res = await submit(server.url, { image: { bytes: photos[i], name: `p${i}.png` }, manifest });
          if (res.status !== 202) throw new Error(`submit ${id}: ${res.status} ${JSON.stringify(res.body)}`);
          const end = await follow(
            server.url,
            id,
            (j) => ['done', 'failed', 'needs_review', 'cancelled'].includes(j.state) && j.callback?.state !== 'pending',
          );
          latencies.push(performance.now() - started);
          states.set(id, end.state);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const finished = [...states.values()].filter((s) => s === 'done' || s === 'needs_review').length;
    const duplicated = [...hooks.seen.values()].filter((ids) => ids.size > 1).length;
    const lost = JOBS - finished;
    rows.push({
      case: `${JOBS} jobs, 128x96, ${concurrency} workers`,
      jobs_per_s: +(JOBS / seconds).toFixed(2),
      p50_ms: Math.round(pct(latencies, 50)),
      p95_ms: Math.round(pct(latencies, 95)),
      done: [...states.values()].filter((s) => s === 'done').length,
      needs_review: [...states.values()].filter((s) => s === 'needs_review').length,
      lost,
      duplicated,
      callbacks: hooks.seen.size,
    });

    // One 960x600 job: server end to end vs the CLI and a warm in-process run of the same pipeline.
    const dir = mkdtempSync(join(tmpdir(), 'cleanplate-bench-'));
    const photo = await sharp(join(DEV, 'text/motorcycle/texted.png'))
      .extract({ left: 32, top: 45, width: 960, height: 600 })
      .png()
      .toBuffer();
    writeFileSync(join(dir, 'photo.png'), photo);
    const manifest = { steps: steps(960, 600) };
    writeFileSync(join(dir, 'job.json'), JSON.stringify(manifest));
    // Server end to end, and the part of it the worker spent on the job itself (decode, steps,
    // encode, as in apply): the rest is what the server adds (upload, queue, records, IPC, download).
    const serverMs: number[] = [];
    const addedMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const res = await submit(server.url, { image: { bytes: photo, name: 'photo.png' }, manifest: { ...manifest, job_id: `big-${i}` } });
      if (res.status !== 202) throw new Error(`submit big-${i}: ${res.status}`);
      const done = await follow(server.url, `big-${i}`);
      await (await fetch(`${server.url}/jobs/big-${i}/result`)).arrayBuffer();
      const e2e = performance.now() - t;
      serverMs.push(e2e);
      addedMs.push(e2e - (done.attempts.at(-1)?.ms ?? 0));
    }
    const cliMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await promisify(execFile)(join(ROOT, 'bin/cleanplate'), [
        'apply',
        join(dir, 'job.json'),
        '--input',
        join(dir, 'photo.png'),
        '--out',
        join(dir, `cli-${i}.png`),
      ]);
      cliMs.push(performance.now() - t);
    }
    rmSync(dir, { recursive: true, force: true });
    const added = median(addedMs);
    rows.push({
      case: '960x600 remove_text + inpaint + upscale x2',
      server_e2e_ms: Math.round(median(serverMs)),
      cli_apply_ms: Math.round(median(cliMs)),
      server_adds_ms: Math.round(added),
    });
    const queues = await compareQueues(photos);
    rows.push(...queues.rows);
    return {
      rows,
      targets: [
        { what: 'lost jobs', target: '0', measured: String(lost), met: lost === 0 },
        { what: 'duplicated jobs (callbacks with two message ids)', target: '0', measured: String(duplicated), met: duplicated === 0 },
        {
          what: "what the server adds to a 960x600 job (end to end minus the worker's attempt)",
          target: '< 100 ms',
          measured: `${Math.round(added)} ms`,
          met: added < 100,
        },
      ],
      notes: [
        'latency is from the start of the upload to the done event (callback settled), measured by the client over loopback',
        `server_e2e_ms includes the upload, the queue, the worker's run and the result download; cli_apply_ms includes starting node and loading the models, and uses every core`,
        `each worker runs onnxruntime and libvips on cores / workers threads, so jobs in parallel do not oversubscribe the cores; apply uses every core`,
        ...queues.notes,
      ],
    };
  } finally {
    await server.close();
    hooks.close();
  }
}
