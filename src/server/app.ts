import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ISOLATION_HEADERS } from './isolation.ts';
import { registerModelRuns } from './model-runs.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export { ISOLATION_HEADERS };

export interface ServerOptions {
  distDir?: string;
  modelsDir?: string;
}

export async function buildServer(opts: ServerOptions = {}): Promise<FastifyInstance> {
  const distDir = opts.distDir ?? resolve(ROOT, 'dist');
  const modelsDir = opts.modelsDir ?? resolve(ROOT, 'models');
  if (!existsSync(resolve(distDir, 'index.html'))) {
    throw new Error(`No built editor in ${distDir}: run "npm run build" first (npm start does it for you).`);
  }
  const app = Fastify({ logger: false, bodyLimit: 512 * 1024 * 1024 });
  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) reply.header(k, v);
    return payload;
  });
  await app.register(fastifyStatic, { root: distDir, prefix: '/', wildcard: false });
  await app.register(fastifyStatic, { root: modelsDir, prefix: '/models/', decorateReply: false });
  registerModelRuns(app, opts.modelsDir);
  return app;
}
