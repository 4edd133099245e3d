import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { HttpError } from './http/http-error.ts';
import { publicMessage } from '../node/public-message.ts';
import { registerJobServer, resolveConfig, type JobServerOptions } from './jobs/register.ts';
import { bearerGuard } from './http/auth.ts';
import { registerSourceRoutes } from './http/source-routes.ts';
import { ISOLATION_HEADERS } from '../core/isolation-headers.ts';
import { registerModelRuns } from './model-runs.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export { ISOLATION_HEADERS };

/** Bodies of routes without their own limit (JSON and the like); uploads and model runs set theirs. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  distDir?: string;
  modelsDir?: string;
  /** The job API (/submit, /jobs...); false leaves it out. Default: on, settings from the environment, no tokens. */
  jobs?: JobServerOptions | false;
}

export async function buildServer(opts: ServerOptions = {}): Promise<FastifyInstance> {
  const distDir = opts.distDir ?? resolve(ROOT, 'dist');
  const modelsDir = opts.modelsDir ?? resolve(ROOT, 'models');
  if (!existsSync(resolve(distDir, 'index.html'))) {
    throw new Error(`No built editor in ${distDir}: run "npm run build" first (npm start does it for you).`);
  }
  const app = Fastify({ logger: false, bodyLimit: DEFAULT_BODY_LIMIT });
  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) reply.header(k, v);
    return payload;
  });
  app.setErrorHandler(errorAnswer);
  await app.register(fastifyStatic, { root: distDir, prefix: '/', wildcard: false, dotfiles: 'ignore' });
  await app.register(fastifyStatic, { root: modelsDir, prefix: '/models/', decorateReply: false, dotfiles: 'ignore' });
  // Model runs for the editor's tile offload take the job routes' tokens: with tokens set, no one
  // else spends the server's cores (the editor sends the token given under Runtime).
  if (opts.jobs) {
    const guard = bearerGuard(opts.jobs.tokens);
    app.addHook('onRequest', async (req, reply) => (req.url.startsWith('/api/models/') ? guard(req, reply) : undefined));
  }
  registerModelRuns(app, opts.modelsDir);
  // The review queue is a page of the app (review.html, src/ui/review); its data needs a reviewer token.
  app.get('/review', (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('review.html'));
  if (opts.jobs !== false) {
    const jobs = opts.jobs ?? { tokens: [] };
    const queue = await registerJobServer(app, jobs);
    // The editor's whole jobs: sources kept by sha256, jobs on them (http/source-routes.ts).
    registerSourceRoutes(app, queue, resolveConfig(jobs.config), bearerGuard(jobs.tokens));
  }
  return app;
}

/**
 * Every refusal says what is wrong in a plain sentence, without the server's paths; a refusal
 * of a request whose body was not read closes the connection, so the rest is never read.
 */
function errorAnswer(this: FastifyInstance, err: FastifyError | HttpError, req: { method: string }, reply: import('fastify').FastifyReply) {
  if (req.method !== 'GET' && req.method !== 'HEAD') reply.header('connection', 'close');
  if (err instanceof HttpError) return reply.code(err.status).headers(err.headers).send({ error: err.message });
  const status = err.statusCode ?? 500;
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return reply.code(413).send({
      error: `the body is over this route's limit of ${(reply.request.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT) / 1024 / 1024} MB`,
    });
  if (status < 500) return reply.code(status).send({ error: publicMessage(err.message) });
  console.error(err);
  return reply.code(500).send({ error: 'internal error; the server log has the details' });
}
