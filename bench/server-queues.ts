// Part of `npm run bench -- server`: the embedded queue next to BullMQ on Redis (a real
// redis-server, append-only file fsynced on every write) with 1 and 2 `cleanplate worker`
// processes on this machine, on the same jobs: jobs/s and p95 (upload to done, as the client
// sees it), the ratios, and what the queue adds per job (one job at a time, end to end, Redis
// minus embedded: the same pipeline runs in both, so the difference is the queue's: Redis round
// trips, events, and the inputs and result travelling over HTTP instead of a shared folder).
import { follow, startServer, submit, type TestServer } from '../src/server/test/harness.ts';
import { startRedis } from '../src/server/test/redis-server.ts';
import { startWorkerProcess, type WorkerProcess } from '../src/server/test/workers.ts';
import { median, type BenchRow } from './report.ts';

const JOBS = 100;
const SINGLE = 10;
const SUBMITTERS = 8;

const fill = (w: number, h: number) => [
  { op: 'inpaint', strokes: [{ points: [w * 0.2, h * 0.3, w * 0.5, h * 0.6], width: Math.max(4, w / 40) }], engine: 'patchmatch' },
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

interface Measured {
  jobsPerS: number;
  p50: number;
  p95: number;
  singleMs: number;
  lost: number;
}

async function measure(server: TestServer, photos: Buffer[], tag: string, parallel: number): Promise<Measured> {
  const run = async (id: string, photo: Buffer) => {
    const t = performance.now();
    const res = await submit(server.url, { image: { bytes: photo, name: 'p.png' }, manifest: { job_id: id, steps: fill(128, 96) } });
    if (res.status !== 202) throw new Error(`submit ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    const end = await follow(server.url, id);
    return { ms: performance.now() - t, done: end.state === 'done' };
  };
  // Warm every worker process (its first job starts the process and loads what it needs).
  await Promise.all(Array.from({ length: parallel * 2 }, (_, i) => run(`${tag}-warm-${i}`, photos[i])));

  const latencies: number[] = [];
  let done = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: SUBMITTERS }, async () => {
      for (let i = next++; i < JOBS; i = next++) {
        const r = await run(`${tag}-${i}`, photos[i % photos.length]);
        latencies.push(r.ms);
        if (r.done) done++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const single: number[] = [];
  for (let i = 0; i < SINGLE; i++) single.push((await run(`${tag}-single-${i}`, photos[i])).ms);
  return { jobsPerS: JOBS / seconds, p50: pct(latencies, 50), p95: pct(latencies, 95), singleMs: median(single), lost: JOBS - done };
}

export async function compareQueues(photos: Buffer[]): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const results = new Map<string, Measured>();
  for (const n of [1, 2]) {
    const server = await startServer({ concurrency: n });
    try {
      results.set(`embedded ${n}`, await measure(server, photos, `emb${n}`, n));
    } finally {
      await server.close();
    }
  }
  const redis = await startRedis();
  try {
    for (const n of [1, 2]) {
      const server = await startServer({ redis: { url: redis.url, prefix: `bench${n}` } });
      const workers: WorkerProcess[] = [];
      try {
        for (let i = 0; i < n; i++) workers.push(await startWorkerProcess(redis.url, [], { CLEANPLATE_REDIS_PREFIX: `bench${n}` }));
        results.set(`redis ${n}`, await measure(server, photos, `redis${n}`, n));
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        await server.close();
      }
    }
  } finally {
    await redis.stop();
  }
  const rows: BenchRow[] = [];
  for (const n of [1, 2]) {
    const e = results.get(`embedded ${n}`)!;
    const r = results.get(`redis ${n}`)!;
    const row = (queue: string, m: Measured, extra: Record<string, number | string>) => ({
      case: `${JOBS} jobs 128x96 inpaint, ${queue}, ${n} worker process${n > 1 ? 'es' : ''}`,
      jobs_per_s: +m.jobsPerS.toFixed(2),
      p50_ms: Math.round(m.p50),
      p95_ms: Math.round(m.p95),
      one_job_ms: Math.round(m.singleMs),
      lost: m.lost,
      ...extra,
    });
    rows.push(row('embedded', e, {}));
    rows.push(
      row('BullMQ on Redis', r, {
        jobs_per_s_vs_embedded: +(r.jobsPerS / e.jobsPerS).toFixed(2),
        p95_vs_embedded: +(r.p95 / e.p95).toFixed(2),
        queue_adds_ms: Math.round(r.singleMs - e.singleMs),
      }),
    );
  }
  const scale = (q: string) => (results.get(`${q} 2`)!.jobsPerS / results.get(`${q} 1`)!.jobsPerS).toFixed(2);
  return {
    rows,
    notes: [
      `2 vs 1 worker processes, jobs/s: embedded x${scale('embedded')}, Redis x${scale('redis')} (on this machine's cores; the workers and the server share them)`,
      `one_job_ms: the median of ${SINGLE} jobs run one at a time, upload to done; queue_adds_ms is Redis minus embedded for that`,
      'with Redis every job also crosses HTTP twice more (the worker fetches its inputs and uploads its result), which a shared folder would save',
      'each `cleanplate worker` sizes its threads as if the machine were its own (cores / its concurrency); the embedded pool shares the cores among its processes, so on one machine 2 Redis workers use more threads than 2 embedded processes',
    ],
  };
}
