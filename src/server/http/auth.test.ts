// Token entries: the reviewer role as a third field, in the variable and in the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokens } from './auth.ts';

describe('loadTokens', () => {
  it('reads the reviewer role from "name:token:reviewer" and "name token reviewer"', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cleanplate-tokens-')), 'tokens');
    writeFileSync(file, '# reviewers\nben ben-token-0123456789abcdef reviewer\npipe pipe-token-0123456789abcdef\n');
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
});
