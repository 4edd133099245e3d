// The layer rules of design.md section 3, checked on every import in src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..');
const LAYERS = ['core', 'ops', 'runtime', 'worker', 'editor', 'ui', 'server', 'cli'] as const;
type Layer = (typeof LAYERS)[number];

/** Which of our layers each layer may import; `onnx` = may import onnxruntime. */
const ALLOWED: Record<Layer, { layers: Layer[]; onnx: boolean; react: boolean }> = {
  core: { layers: [], onnx: false, react: false },
  ops: { layers: ['core'], onnx: false, react: false },
  runtime: { layers: ['core', 'ops'], onnx: true, react: false },
  worker: { layers: ['core', 'ops', 'runtime'], onnx: true, react: false },
  editor: { layers: ['core', 'ops', 'worker', 'runtime'], onnx: false, react: false },
  ui: { layers: ['core', 'editor', 'ops', 'worker'], onnx: false, react: true },
  server: { layers: ['core', 'ops', 'runtime'], onnx: true, react: false },
  cli: { layers: ['core', 'ops', 'runtime', 'server'], onnx: true, react: false },
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) && !/\.test\.tsx?$/.test(n) ? [p] : [];
  });
}

describe('layer boundaries', () => {
  for (const layer of LAYERS) {
    it(`${layer}/ imports only what it may`, () => {
      const rule = ALLOWED[layer];
      const problems: string[] = [];
      let dirFiles: string[] = [];
      try {
        dirFiles = files(join(SRC, layer));
      } catch {
        return;
      }
      for (const f of dirFiles) {
        const text = readFileSync(f, 'utf8');
        for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
          const spec = m[1] ?? m[2];
          const where = relative(SRC, f);
          if (spec.startsWith('.')) {
            const target = relative(SRC, resolve(f, '..', spec)).split('/')[0] as Layer;
            if (LAYERS.includes(target) && target !== layer && !rule.layers.includes(target)) problems.push(`${where} imports ${spec}`);
          } else if (spec.startsWith('onnxruntime') && !rule.onnx) problems.push(`${where} imports ${spec}`);
          else if (/^(react|react-dom|react-konva|konva)(\/|$)/.test(spec) && !rule.react) problems.push(`${where} imports ${spec}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
