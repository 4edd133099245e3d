// Production entry: serves the built editor (dist/) and the imported models with the
// cross-origin isolation headers multi-threaded WASM needs.
import { buildServer } from './app.ts';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const app = await buildServer();
await app.listen({ port, host });
console.log(`cleanplate is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`);
