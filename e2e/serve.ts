// The server the end-to-end tests run against: the production server on the test build.
import { buildServer } from '../src/server/app.ts';
import { TEST_BUILD_DIR } from './fixtures/test-build.ts';

const app = await buildServer({ distDir: TEST_BUILD_DIR });
await app.listen({ port: Number(process.env.PORT ?? 4317), host: '127.0.0.1' });
