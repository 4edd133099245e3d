// Token entries: "name:token" or "name:token:role" (in the file "name token [role]"), nothing
// else; a wrong entry stops the start-up with a message that names it and never shows its token.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokens } from './auth.ts';

const ROOT = join(import.meta.dirname, '../../..');
const SECRET = 'secret-0123456789abcdef';

const tokenFile = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'cleanplate-tokens-')), 'tokens');
  writeFileSync(file, text);
  return file;
};

/** The message loadTokens refuses the entries with (fails the test when it accepts them). */
const refusal = (env: NodeJS.ProcessEnv) => {
  try {
    loadTokens(env);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('loadTokens', () => {
  it('reads the reviewer role from "name:token:reviewer" and "name token reviewer"', () => {
    const file = tokenFile('# reviewers\nben ben-token-0123456789abcdef reviewer\npipe pipe-token-0123456789abcdef\n');
    const tokens = loadTokens({
      CLEANPLATE_TOKENS: 'ana:ana-token-0123456789abcdef:reviewer,ci:ci-token-0123456789abcdef',
      CLEANPLATE_TOKENS_FILE: file,
    });
    expect(tokens.map((t) => [t.name, t.roles ?? []])).toEqual([
      ['ana', ['reviewer']],
      ['ci', []],
      ['ben', ['reviewer']],
      ['pipe', []],
    ]);
  });

  it.each([
    ['a token with ":" in it', `ok:${SECRET},ana:${SECRET}:more`, /the third field of the entry "ana" is not a known role/],
    ['an unknown role', `ana:${SECRET}:reveiwer`, /the third field of the entry "ana" is not a known role/],
    ['a fourth field', `ana:${SECRET}:reviewer:x`, /the entry "ana" has 4 fields, not 2 or 3/],
    ['a token without a name', `ok:${SECRET},${SECRET}`, /entry 2 has no name/],
    ['an empty name', `:${SECRET}`, /entry 1 has no name/],
    ['a name without a token', 'ana:', /the entry "ana" has no token/],
  ])('refuses %s in CLEANPLATE_TOKENS, naming the entry and the format', (_, tokens, says) => {
    const message = refusal({ CLEANPLATE_TOKENS: tokens });
    expect(message).toMatch(says);
    expect(message).toMatch(/^CLEANPLATE_TOKENS: .*The format is "name:token" or "name:token:role".*role is reviewer/);
    expect(message).not.toContain(SECRET);
  });

  it('refuses a wrong line in CLEANPLATE_TOKENS_FILE by its name or line number', () => {
    const unknown = tokenFile(`# team\nben ${SECRET}\n\nana ${SECRET} admin\n`);
    const message = refusal({ CLEANPLATE_TOKENS_FILE: unknown });
    expect(message).toMatch(
      /^CLEANPLATE_TOKENS_FILE \(.*\): the third field of the entry "ana" is not a known role\. The format is "name token" or "name token role"/,
    );
    expect(message).not.toContain(SECRET);
    expect(refusal({ CLEANPLATE_TOKENS_FILE: tokenFile(`ben ${SECRET}\n${SECRET}\n`) })).toMatch(/line 2 has no name/);
  });

  it('refuses a short token and a tokens file it cannot read, saying what to do', () => {
    const short = refusal({ CLEANPLATE_TOKENS: 'ana:short-secret' });
    expect(short).toBe(
      'CLEANPLATE_TOKENS: the token of the entry "ana" is too short: use at least 16 characters (e.g. openssl rand -hex 24).',
    );
    const missing = join(tmpdir(), 'cleanplate-no-such-tokens-file');
    expect(refusal({ CLEANPLATE_TOKENS_FILE: missing })).toBe(
      `CLEANPLATE_TOKENS_FILE (${missing}) cannot be read (ENOENT): give the path of a readable file, or unset it.`,
    );
  });

  it('refuses a name given twice, naming both entries and how to rotate, never the tokens', () => {
    const other = 'other-secret-0123456789abcdef';
    const twice = refusal({ CLEANPLATE_TOKENS: `ana:${SECRET}:reviewer,ci:${'c'.repeat(20)},ana:${other}:reviewer` });
    expect(twice).toMatch(/^the token name "ana" is given twice \(CLEANPLATE_TOKENS entry 1 and CLEANPLATE_TOKENS entry 3\)/);
    expect(twice).toMatch(/audit log/);
    expect(twice).toMatch(/To rotate a token, add the new one under a second name \(e\.g\. "ana-2"\)/);
    expect(twice).not.toContain(SECRET);
    expect(twice).not.toContain(other);
    // Across the variable and the file too.
    const file = tokenFile(`# team\nben ${'b'.repeat(20)}\nana ${other}\n`);
    const across = refusal({ CLEANPLATE_TOKENS: `ana:${SECRET}`, CLEANPLATE_TOKENS_FILE: file });
    expect(across).toContain(`"ana" is given twice (CLEANPLATE_TOKENS entry 1 and CLEANPLATE_TOKENS_FILE (${file}) line 3)`);
    expect(across).not.toContain(SECRET);
    expect(across).not.toContain(other);
  });

  it('refuses one token under two names, which the audit log would put down to the first', () => {
    const message = refusal({ CLEANPLATE_TOKENS: `ana:${SECRET}:reviewer,ben:${SECRET}` });
    expect(message).toMatch(/^the entries "ana" \(CLEANPLATE_TOKENS entry 1\) and "ben" \(CLEANPLATE_TOKENS entry 2\) have the same token/);
    expect(message).not.toContain(SECRET);
  });

  it('keeps rotation possible: the new token under a second name works next to the old one', () => {
    const tokens = loadTokens({ CLEANPLATE_TOKENS: `ana:${SECRET}:reviewer,ana-2:new-secret-0123456789abcdef:reviewer` });
    expect(tokens.map((t) => [t.name, t.roles])).toEqual([
      ['ana', ['reviewer']],
      ['ana-2', ['reviewer']],
    ]);
  });

  it('the server does not start on a wrong entry, and says which one', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', CLEANPLATE_TOKENS: `ana:${SECRET}:reveiwer`, CLEANPLATE_TOKENS_FILE: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cleanplate: CLEANPLATE_TOKENS: the third field of the entry "ana" is not a known role/);
    expect(stderr).not.toContain(SECRET);
  });
});
