import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelUnavailableError } from './errors.ts';
import { createNodePort } from './ort-node.ts';
import { modelById } from '../ops/models.ts';

const MODELS = resolve(import.meta.dirname, '../../models');

describe('onnxruntime-node port', () => {
  it('opens a registered model and runs it', async () => {
    const port = createNodePort({ intraOpNumThreads: 1 });
    const s = await port.session('realesr-animevideov3');
    expect(s.backend).toBe('cpu');
    const out = await s.run({ input: { type: 'float32', data: new Float32Array(3 * 8 * 8).fill(0.5), dims: [1, 3, 8, 8] } });
    expect(out[s.outputNames[0]].dims).toEqual([1, 3, 32, 32]);
    expect(await port.session('realesr-animevideov3')).toBe(s);
  });

  it('names the missing file and the install command', async () => {
    const port = createNodePort({ modelsDir: mkdtempSync(join(tmpdir(), 'cp-models-')) });
    const err = await port.session('ppocr-v3-det-ch').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect((err as Error).message).toContain('ch_PP-OCRv3_det_infer.onnx is missing');
    expect((err as Error).message).toContain('npm run models -- --from <dir>');
    expect(await port.has('ppocr-v3-det-ch')).toBe(false);
    // A model the project does not ship: say where to get it.
    await expect(port.session('lama')).rejects.toThrow(
      /lama_fp32\.onnx is missing\. Download it from https:\/\/huggingface\.co\/Carve\/LaMa-ONNX, then install it with `npm run models -- --from <dir>`/,
    );
  });

  it('refuses a file whose sha256 does not match the registry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-models-'));
    const entry = modelById('nomos-span-x2');
    copyFileSync(join(MODELS, modelById('realesr-animevideov3').file), join(dir, entry.file));
    const err = await createNodePort({ modelsDir: dir })
      .session('nomos-span-x2')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect((err as ModelUnavailableError).problem).toBe('wrong-sha256');
    expect((err as Error).message).toContain(entry.file);
    expect((err as Error).message).toContain(`the registry expects ${entry.sha256}`);
    expect((err as Error).message).toContain('npm run models -- --from <dir>');
  });

  it('retries after the file is installed (a failed open is not cached)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-models-'));
    const entry = modelById('realesr-animevideov3');
    const port = createNodePort({ modelsDir: dir });
    writeFileSync(join(dir, entry.file), 'not a model');
    await expect(port.session(entry.id)).rejects.toThrow(/damaged or a different version/);
    copyFileSync(join(MODELS, entry.file), join(dir, entry.file));
    expect((await port.session(entry.id)).modelId).toBe(entry.id);
  });

  it('runs overlapping calls one at a time with the same results as sequential ones', async () => {
    const s = await createNodePort().session('realesr-animevideov3');
    const feed = (v: number) => ({
      input: { type: 'float32' as const, data: new Float32Array(3 * 16 * 16).fill(v), dims: [1, 3, 16, 16] },
    });
    const together = await Promise.all([0.2, 0.5, 0.8].map((v) => s.run(feed(v))));
    for (const [i, v] of [0.2, 0.5, 0.8].entries()) {
      const alone = await s.run(feed(v));
      expect(together[i][s.outputNames[0]].data).toEqual(alone[s.outputNames[0]].data);
    }
  });
});
