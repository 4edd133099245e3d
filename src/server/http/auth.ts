// Bearer tokens for the job routes, from CLEANPLATE_TOKENS ("name:token,token2") or a file
// (CLEANPLATE_TOKENS_FILE: one "name token" or "token" per line, # comments). With no tokens
// the job routes are open, which the server allows on loopback only (see main.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Token {
  name: string;
  digest: Buffer;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

function parseEntry(entry: string, sep: RegExp, index: number): Token {
  const parts = entry.split(sep);
  const [name, token] = parts.length >= 2 ? [parts[0], parts.slice(1).join('')] : [`token${index + 1}`, parts[0]];
  if (token.length < 16) throw new Error(`token "${name}" is too short: use at least 16 characters (e.g. openssl rand -hex 24)`);
  return { name, digest: digest(token) };
}

export function loadTokens(env: NodeJS.ProcessEnv = process.env): Token[] {
  const tokens: Token[] = [];
  for (const [i, entry] of (env.CLEANPLATE_TOKENS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .entries())
    tokens.push(parseEntry(entry, /:/, i));
  if (env.CLEANPLATE_TOKENS_FILE) {
    const lines = readFileSync(env.CLEANPLATE_TOKENS_FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const line of lines) tokens.push(parseEntry(line, /\s+/, tokens.length));
  }
  return tokens;
}

/** The name of the token the request carries; answers 401 (none) or 403 (unknown) otherwise. */
export function bearerGuard(tokens: Token[]) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!tokens.length) return;
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .header('connection', 'close')
        .send({ error: 'this route needs a token: send "Authorization: Bearer <token>"' });
    }
    const d = digest(m[1]);
    const match = tokens.find((t) => timingSafeEqual(t.digest, d));
    if (!match) return reply.code(403).header('connection', 'close').send({ error: 'this token is not accepted here' });
    (req as FastifyRequest & { tokenName?: string }).tokenName = match.name;
  };
}
