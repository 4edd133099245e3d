/// <reference types="vitest/config" />
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename, resolve } from 'node:path';
import { defineConfig, defaultClientConditions, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

import { ISOLATION_HEADERS } from './src/core/isolation-headers.ts';

const ROOT = import.meta.dirname;
const ORT_DIST = resolve(ROOT, 'node_modules/onnxruntime-web/dist');
/**
 * The ONNX Runtime Web binaries we load at run time, served from our own origin under /ort/
 * (never a CDN). The "jsep" build carries both the WASM and the WebGPU execution providers, the
 * plain one WASM only, at half the size and cost (src/runtime/ort-build.ts chooses).
 * Keep in sync with ORT_BASE in src/runtime/ort-build.ts.
 */
const ORT_FILES = [
  'ort-wasm-simd-threaded.jsep.mjs',
  'ort-wasm-simd-threaded.jsep.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
];
const ORT_PREFIX = '/ort/';
const MODELS_DIR = resolve(ROOT, 'models');

const MIME: Record<string, string> = { '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream' };

function sendFile(res: ServerResponse, path: string): void {
  const ext = path.slice(path.lastIndexOf('.'));
  res.setHeader('Content-Type', MIME[ext] ?? 'application/octet-stream');
  res.setHeader('Content-Length', String(statSync(path).size));
  for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
  createReadStream(path).pipe(res);
}

/** /ort/<file> from onnxruntime-web and /models/<file> from models/, with a real 404 (no SPA fallback). */
const serveRuntimeFiles: Connect.NextHandleFunction = (req, res, next) => {
  const url = (req.url ?? '').split('?')[0];
  if (url.startsWith(ORT_PREFIX)) {
    const name = basename(url);
    if (!ORT_FILES.includes(name)) return next();
    return sendFile(res, resolve(ORT_DIST, name));
  }
  // Model files only: /models/models.json?import is the registry module, Vite's to serve.
  if (url.startsWith('/models/') && url.endsWith('.onnx')) {
    const path = resolve(MODELS_DIR, basename(decodeURIComponent(url)));
    if (!existsSync(path) || !statSync(path).isFile()) {
      res.statusCode = 404;
      res.end(`model file not installed: ${basename(url)}`);
      return;
    }
    return sendFile(res, path);
  }
  next();
};

/** Serves ONNX Runtime's wasm/mjs and the models in dev and preview, and copies the runtime files into dist/ort/. */
function runtimeFiles(): Plugin {
  return {
    name: 'cleanplate-runtime-files',
    configureServer(server) {
      server.middlewares.use(serveRuntimeFiles);
    },
    configurePreviewServer(server) {
      server.middlewares.use(serveRuntimeFiles);
    },
    generateBundle() {
      if (this.environment?.name && this.environment.name !== 'client') return;
      for (const name of ORT_FILES) {
        this.emitFile({ type: 'asset', fileName: `ort/${name}`, source: readFileSync(resolve(ORT_DIST, name)) });
      }
    },
  };
}

/**
 * The service worker (src/sw/sw.ts, built with Workbox's injectManifest) precaches what the
 * editor needs to load and run offline: the app shell and both of ONNX Runtime's builds (28 and
 * 14 MB of .wasm, hence the size limit: a worker loads the one its backend needs). Models are cached by the inference worker itself, sha256-checked.
 * Installable: the web app manifest below, with icons in public/icons.
 */
const offline = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'src/sw',
  filename: 'sw.ts',
  injectRegister: false, // src/ui/app-update.ts registers it and handles updates
  registerType: 'prompt',
  injectManifest: {
    globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png}'], // the plugin adds manifest.webmanifest
    maximumFileSizeToCacheInBytes: 64 * 2 ** 20,
  },
  includeManifestIcons: false, // the glob above has them already
  manifest: {
    name: 'cleanplate photo clean-up',
    short_name: 'cleanplate',
    description: 'Brush out objects, remove text and upscale photos, on this computer, offline too.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#17181b',
    theme_color: '#17181b',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
});

export default defineConfig({
  plugins: [react(), runtimeFiles(), offline],
  server: { headers: { ...ISOLATION_HEADERS } },
  preview: { headers: { ...ISOLATION_HEADERS } },
  // onnxruntime-web's "extern wasm" build loads its .mjs/.wasm from ort.env.wasm.wasmPaths
  // (our /ort/), instead of inlining them into our worker bundle.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { main: resolve(ROOT, 'index.html'), diagnostics: resolve(ROOT, 'diagnostics.html'), review: resolve(ROOT, 'review.html') },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'models/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
