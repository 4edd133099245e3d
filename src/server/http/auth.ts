// Bearer tokens for the job routes, from CLEANPLATE_TOKENS ("name:token,name2:token2") or a file
// (CLEANPLATE_TOKENS_FILE: one "name token" per line, # comments). With no tokens the job routes
// are open, which the server allows on loopback only (see main.ts).
// A third field gives the token a role: "reviewer" ("ana:<token>:reviewer", "ana <token> reviewer")
// also opens the review queue (/review/...); the review routes are never open: they need one.
// The format is strict: any other entry (no name, an unknown role, a fourth field, a token with
// the separator in it) stops the start-up with a message naming the entry, never its token.
// Names are unique (over the variable and the file together): the name is what the job records
// and the review audit log say acted, so two tokens under one name could not be told apart. The
// same token under two names is refused too (the first name would take all its requests).
// Rotation is a second name: add "ana-2" next to "ana", move the clients over, remove "ana".
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

/** Where entries come from: the variable (fields split by ":") or the file (by white space), and how messages name it. */
interface Source {
  where: string;
  sep: RegExp;
  format: string;
}

const fromEnv: Source = { where: 'CLEANPLATE_TOKENS', sep: /:/, format: '"name:token" or "name:token:role", entries separated by ","' };
const fromFile = (file: string): Source => ({
  where: `CLEANPLATE_TOKENS_FILE (${file})`,
  sep: /\s+/,
  format: '"name token" or "name token role", one a line',
});

function parseEntry(entry: string, source: Source, label: string): Token {
  const fields = entry.split(source.sep);
  const [name, token, role] = fields;
  const refuse = (what: string) =>
    new Error(
      `${source.where}: ${what}. The format is ${source.format}, where role is ${ROLES.join(' or ')} and the token has no separator in it.`,
    );
  if (fields.length < 2 || !name) throw refuse(`${label} has no name`);
  if (!token) throw refuse(`the entry "${name}" has no token`);
  if (fields.length > 3) throw refuse(`the entry "${name}" has ${fields.length} fields, not 2 or 3`);
  if (role !== undefined && !(ROLES as readonly string[]).includes(role))
    throw refuse(`the third field of the entry "${name}" is not a known role`);
  if (token.length < 16)
    throw new Error(
      `${source.where}: the token of the entry "${name}" is too short: use at least 16 characters (e.g. openssl rand -hex 24).`,
    );
  return { name, digest: digest(token), ...(role ? { roles: [role as Role] } : {}) };
}

/** Where an entry was read, for messages: `CLEANPLATE_TOKENS entry 2`, `CLEANPLATE_TOKENS_FILE (f) line 3`. */
interface Read {
  token: Token;
  at: string;
}

/** Throws on a name given twice or a token given twice, naming both entries and never a token. */
function refuseRepeats(read: Read[]): void {
  for (const [i, b] of read.entries()) {
    const a = read.slice(0, i).find((r) => r.token.name === b.token.name);
    if (a)
      throw new Error(
        `the token name "${b.token.name}" is given twice (${a.at} and ${b.at}): give every token a name of its own, so that jobs and the review audit log say which token acted. To rotate a token, add the new one under a second name (e.g. "${b.token.name}-2"), move its users over, then remove the old entry.`,
      );
    const same = read.slice(0, i).find((r) => r.token.digest.equals(b.token.digest));
    if (same)
      throw new Error(
        `the entries "${same.token.name}" (${same.at}) and "${b.token.name}" (${b.at}) have the same token: give each name a token of its own (e.g. openssl rand -hex 24).`,
      );
  }
}

/** The tokens the server accepts; throws, naming the entry, on any entry that is not in the format or repeats a name or token. */
export function loadTokens(env: NodeJS.ProcessEnv = process.env): Token[] {
  const read: Read[] = [];
  for (const [i, entry] of (env.CLEANPLATE_TOKENS ?? '')
    .split(',')
    .map((s) => s.trim())
    .entries())
    if (entry) read.push({ token: parseEntry(entry, fromEnv, `entry ${i + 1}`), at: `CLEANPLATE_TOKENS entry ${i + 1}` });
  const file = env.CLEANPLATE_TOKENS_FILE;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(
        `CLEANPLATE_TOKENS_FILE (${file}) cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): give the path of a readable file, or unset it.`,
      );
    }
    for (const [i, line] of text.split('\n').entries()) {
      const entry = line.trim();
      if (entry && !entry.startsWith('#'))
        read.push({ token: parseEntry(entry, fromFile(file), `line ${i + 1}`), at: `CLEANPLATE_TOKENS_FILE (${file}) line ${i + 1}` });
    }
  }
  refuseRepeats(read);
  return read.map((r) => r.token);
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
