// Lint: TypeScript's recommended rules, and the layer rules of docs/architecture.md enforced
// on every import (eslint-plugin-boundaries). Formatting is prettier's (npm run lint runs both).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/** The layers: each folder of src/ is one. */
const LAYERS = ['core', 'ops', 'runtime', 'worker', 'editor', 'ui', 'diagnostics', 'node', 'server', 'cli', 'sw', 'test-fixtures'];
const ELEMENTS = LAYERS.map((type) => ({ type, pattern: `src/${type}` }));

/** Files other layers may import when the rest of their layer is closed to them. */
const FILES = [
  // What the operations offer without the code that runs them: step declarations, the manifest,
  // the model registry, the inference port and context contracts, buffer release. The editor and
  // the runtime import these; only hosts (worker, node) import the ops themselves.
  // The worker's face to the page: its client (everything else in worker/ runs inside the worker).
  {
    category: 'api',
    pattern: [
      'src/ops/manifest.ts',
      'src/ops/models.ts',
      'src/ops/bundle.ts',
      'src/ops/port.ts',
      'src/ops/context.ts',
      'src/ops/release.ts',
      'src/ops/reviewed-boxes.ts',
      'src/ops/*/step.ts',
      'src/ops/upscale/models.ts',
      'src/worker/client.ts',
      'src/worker/decode.ts',
      'src/worker/bundle-reader.ts',
    ],
  },
  // The page's composition root: creates the worker client and hands it to the editor.
  { category: 'root', pattern: ['src/ui/main.tsx'] },
];

/**
 * Which layers each layer may import (itself included): 'ops' the whole layer, 'ops:api' its
 * api files only, { types: 'ops' } types only. 'ui:root' is the ui file with category root.
 */
const MAY_IMPORT = {
  core: ['core'],
  ops: ['core', 'ops'],
  runtime: ['core', 'ops:api', 'runtime'],
  worker: ['core', 'ops', 'runtime', 'worker'],
  editor: ['core', 'ops:api', 'worker:api', 'editor', { types: 'ops' }],
  ui: ['core', 'editor', 'ui'],
  'ui:root': ['worker:api'],
  diagnostics: ['core', 'ops:api', 'worker:api', 'diagnostics'],
  node: ['core', 'ops', 'runtime', 'node'],
  server: ['core', 'ops', 'runtime', 'node', 'server'],
  cli: ['core', 'ops', 'runtime', 'node', 'cli'],
  sw: ['core', 'sw'],
  'test-fixtures': ['core', 'ops'],
};

const selector = (name) => {
  const [type, category] = name.split(':');
  return { element: { type }, ...(category ? { file: { categories: category } } : {}) };
};
const policies = Object.entries(MAY_IMPORT).flatMap(([from, allowed]) =>
  allowed.map((to) =>
    typeof to === 'string'
      ? { from: selector(from), allow: { to: selector(to) } }
      : { from: selector(from), allow: { to: selector(to.types), dependency: { kind: 'type' } } },
  ),
);

/** Packages only some layers may use: onnxruntime in the runtime adapters and Node hosts, React in the UI. */
const restrictPackages = (files, patterns) => ({
  files,
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const ONNX = { group: ['onnxruntime-*'], message: 'Only runtime/ adapts onnxruntime; ops get an inference port.' };
const REACT = { group: ['react', 'react-*', 'react/*', 'konva', 'konva/*'], message: 'React and Konva belong to ui/.' };
const NODE = { group: ['node:*', 'sharp', 'fastify', '@fastify/*'], message: 'Environment-neutral code: no Node APIs.' };

export default tseslint.config(
  {
    ignores: ['dist/', 'dist-e2e/', 'dist-cli/', 'node_modules/', 'bench-results/', 'eval-results/', 'test-results/', 'playwright-report/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Code passed to page.evaluate runs in the browser, where the page's types cannot be imported.
    files: ['e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/files': FILES,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies }],
      'boundaries/no-unknown-files': 'error',
    },
  },
  restrictPackages(
    ['src/core/**', 'src/ops/**'],
    [ONNX, REACT, NODE, { group: ['comlink', 'zustand'], message: 'core/ and ops/ are pure.' }],
  ),
  restrictPackages(['src/editor/**'], [ONNX, REACT, NODE]),
  restrictPackages(['src/worker/**', 'src/diagnostics/**'], [REACT, NODE]),
  restrictPackages(['src/ui/**'], [ONNX, NODE]),
  restrictPackages(['src/node/**', 'src/server/**', 'src/cli/**'], [REACT]),
);
