// Bearer tokens for the job routes, from CLEANPLATE_TOKENS ("name:token,token2") or a file
// (CLEANPLATE_TOKENS_FILE: one "name token" or "token" per line, # comments). With no tokens
// the job routes are open, which the server allows on loopback only (see main.ts).
// A token whose entry ends in the role "reviewer" ("ana:<token>:reviewer", "ana <token> reviewer")
// also opens the review queue (/review/...); the review routes are never open: they need one.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const ROLES = ['reviewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Token {
  name: string;
  digest: Buffer;
  /** Roles beyond the job routes (every token has those). */
  roles?: Role[];
}

const digest = (token: string) => createHash('sha256').update(token).digest();

function parseEntry(entry: string, sep: RegExp, index: number): Token {
  const parts = entry.split(sep);
  const role = parts.length >= 3 && (ROLES as readonly string[]).includes(parts.at(-1)!) ? (parts.pop() as Role) : undefined;
  const [name, token] = parts.length >= 2 ? [parts[0], parts.slice(1).join('')] : [`token${index + 1}`, parts[0]];
  if (token.length < 16) throw new Error(`token "${name}" is too short: use at least 16 characters (e.g. openssl rand -hex 24)`);
  return { name, digest: digest(token), ...(role ? { roles: [role] } : {}) };
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

/** The token name a guard found on the request (undefined when the routes are open). */
export const tokenName = (req: FastifyRequest) => (req as FastifyRequest & { tokenName?: string }).tokenName;

function findToken(tokens: Token[], req: FastifyRequest, reply: FastifyReply): Token | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) {
    void reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .header('connection', 'close')
      .send({ error: 'this route needs a token: send "Authorization: Bearer <token>"' });
    return undefined;
  }
  const d = digest(m[1]);
  const match = tokens.find((t) => timingSafeEqual(t.digest, d));
  if (!match) void reply.code(403).header('connection', 'close').send({ error: 'this token is not accepted here' });
  return match;
}

/**
 * The review routes: a token with the reviewer role, always (with no tokens configured they
 * answer 403 and say how to add one). The token's name is the reviewer's name in the record.
 */
export function reviewerGuard(tokens: Token[]) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!tokens.some((t) => t.roles?.includes('reviewer'))) {
      return reply.code(403).send({
        error:
          'the review queue needs a reviewer token: start the server with CLEANPLATE_TOKENS="<name>:<token>:reviewer" (or "<name> <token> reviewer" in CLEANPLATE_TOKENS_FILE)',
      });
    }
    const match = findToken(tokens, req, reply);
    if (!match) return reply;
    if (!match.roles?.includes('reviewer'))
      return reply.code(403).send({ error: `token "${match.name}" is not a reviewer's; ask for one with the reviewer role` });
    (req as FastifyRequest & { tokenName?: string }).tokenName = match.name;
  };
}

/** The name of the token the request carries; answers 401 (none) or 403 (unknown) otherwise. */
export function bearerGuard(tokens: Token[]) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!tokens.length) return;
    const match = findToken(tokens, req, reply);
    if (!match) return reply;
    (req as FastifyRequest & { tokenName?: string }).tokenName = match.name;
  };
}
