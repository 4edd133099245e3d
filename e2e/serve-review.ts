// A job server for the review queue's end-to-end test: the production server on the test build,
// with the tokens (CLEANPLATE_TOKENS, a reviewer's among them) and data folder the test gives.
// Prints "listening <url>" once it accepts connections.
import { buildServer } from '../src/server/app.ts';
import { loadTokens } from '../src/server/http/auth.ts';
import { TEST_BUILD_DIR } from './fixtures/test-build.ts';

const app = await buildServer({
  distDir: TEST_BUILD_DIR,
  jobs: { tokens: loadTokens(), config: { concurrency: 1 } },
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`listening ${address}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void app.close().then(() => process.exit(0)));
