// The layer rules (eslint.config.js, docs/architecture.md) report what they must: each probe is
// linted as if it were a file of that layer, so a rule that stopped matching fails here.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') });

const LAYER_RULES = new Set(['boundaries/dependencies', 'no-restricted-imports']);

/** The layer rules that fired on `code` placed at `file` (a path in src/). */
async function fired(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '..', file) });
  return result.messages.filter((m) => m.ruleId && LAYER_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  it.each([
    ['src/core/probe.ts', "import { OPS } from '../ops/table.ts';", /core.*ops/],
    ['src/ops/probe.ts', "import { createNodePort } from '../runtime/ort-node.ts';", /ops.*runtime/],
    ['src/ops/probe.ts', "import * as ort from 'onnxruntime-web';", /onnxruntime/],
    ['src/editor/probe.ts', "import { MODELS } from '../runtime/model-store.ts';", /editor.*runtime/],
    ['src/editor/probe.ts', "import { OPS } from '../ops/table.ts';", /editor.*ops/],
    ['src/editor/probe.ts', "import { summariseRuns } from '../worker/protocol.ts';", /editor.*worker/],
    ['src/ui/panels/probe.tsx', "import { UPSCALE_MODELS } from '../../ops/upscale/models.ts';", /ui.*ops/],
    ['src/ui/probe.tsx', "import { PipelineClient } from '../worker/client.ts';", /ui.*worker/],
    ['src/runtime/probe.ts', "import { OPS } from '../ops/table.ts';", /runtime.*ops/],
    ['src/server/probe.ts', "import { main } from '../cli/main.ts';", /server.*cli/],
    ['src/diagnostics/probe.ts', "import { replayJob } from '../worker/replay-job.ts';", /diagnostics.*worker/],
  ])('%s may not: %s', async (file, code, why) => {
    expect((await fired(file, code)).join('\n')).toMatch(why);
  });

  it.each([
    ['src/editor/probe.ts', "import { parseManifest } from '../ops/manifest.ts';\nimport type { OpId } from '../ops/table.ts';"],
    ['src/editor/probe.ts', "import { PipelineClient } from '../worker/client.ts';"],
    ['src/ui/main.tsx', "import { PipelineClient } from '../worker/client.ts';"],
    ['src/runtime/probe.ts', "import { MODELS } from '../ops/models.ts';"],
    ['src/node/probe.ts', "import { OPS } from '../ops/table.ts';\nimport { createNodePort } from '../runtime/ort-node.ts';"],
    ['src/server/probe.ts', "import { runOnNode } from '../node/host.ts';"],
  ])('%s may: %s', async (file, code) => {
    expect(await fired(file, code)).toEqual([]);
  });
});
