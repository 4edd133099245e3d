// The server the end-to-end tests run against: the production server on the test build. Its
// jobs and sources live in a fresh temporary data folder, removed when the server stops
// (Playwright stops it with SIGTERM, see playwright.config.ts), so a local run starts as empty
// as CI's fresh clone and leaves nothing in ./data. Prints "listening <url> data <folder>".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/server/app.ts';
import { TEST_BUILD_DIR } from './fixtures/test-build.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cleanplate-e2e-data-'));
// Also on an exit of its own (a failed start): the folder never outlives the process it was made for.
process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const app = await buildServer({ distDir: TEST_BUILD_DIR, jobs: { tokens: [], config: { dataDir } } });
const address = await app.listen({ port: Number(process.env.PORT ?? 4317), host: '127.0.0.1' });
console.log(`listening ${address} data ${dataDir}`);
// The job server's worker processes stop first, then the folder they wrote in goes (on exit).
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void app.close().finally(() => process.exit(0)));
