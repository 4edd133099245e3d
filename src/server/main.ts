// Production entry: serves the built editor (dist/) and the imported models with the
// cross-origin isolation headers multi-threaded WASM needs, and the job API on its embedded
// defaults (jobs under ./data, worker processes, no other service). Beyond loopback it needs
// tokens (CLEANPLATE_TOKENS or CLEANPLATE_TOKENS_FILE) and refuses to start without them.
import { isIP } from 'node:net';
import { buildServer } from './app.ts';
import { loadTokens } from './http/auth.ts';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const loopback = host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

let tokens;
try {
  tokens = loadTokens();
} catch (e) {
  console.error(`cleanplate: ${(e as Error).message}`);
  process.exit(2);
}
if (!loopback && !tokens.length) {
  console.error(
    `cleanplate: refusing to listen on ${host} without tokens: anyone who reaches it could run jobs. ` +
      'Set CLEANPLATE_TOKENS=name:<token> (or CLEANPLATE_TOKENS_FILE), or listen on 127.0.0.1.',
  );
  process.exit(2);
}
const app = await buildServer({ jobs: { tokens } });
await app.listen({ port, host });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
console.log(
  `cleanplate is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${(app.server.address() as { port: number }).port}/`,
);
