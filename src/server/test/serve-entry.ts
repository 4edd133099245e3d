// A job server in its own process for the kill -9 tests: the same buildServer as main.ts,
// settings from the environment (CLEANPLATE_DATA_DIR...), the editor replaced by a stub page.
// Prints "listening <url>" once it accepts connections.
import { buildServer } from '../app.ts';
import { fakeDist } from './harness.ts';

const app = await buildServer({ distDir: fakeDist(process.env.CLEANPLATE_TEST_ROOT!), jobs: { tokens: [] } });
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const { port } = app.server.address() as { port: number };
console.log(`listening http://127.0.0.1:${port}`);
