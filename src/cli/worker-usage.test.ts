// `cleanplate worker` refusing to start, as a user would meet it: what is wrong and what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../server/test/redis-server.ts';
import { cli } from './test/run-cli.ts';

describe('cleanplate worker, refusing to start', () => {
  let redis: TestRedis;
  beforeAll(async () => (redis = await startRedis()));
  afterAll(() => redis?.stop());

  it('says how to name Redis when there is none, and how to write --rate', () => {
    const none = cli('worker', '--redis', '');
    expect([none.code, none.stderr.trim()]).toEqual([
      2,
      'cleanplate worker: no Redis: pass --redis redis://host:6379 or set REDIS_URL (see cleanplate worker --help)',
    ]);
    const rate = cli('worker', '--redis', redis.url, '--rate', '5');
    expect([rate.code, rate.stderr.trim()]).toEqual([
      2,
      'cleanplate worker: --rate must be N/S, e.g. 10/1 (got "5") (see cleanplate worker --help)',
    ]);
  });

  it('says to start the server first when Redis holds no worker token yet', () => {
    const r = cli('worker', '--redis', redis.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no worker token: start the job server with REDIS_URL first');
  });
});
