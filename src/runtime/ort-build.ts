// onnxruntime-web ships its WebAssembly in two builds, and a worker loads one of them, once:
// - "jsep" (28 MB of WebAssembly): the WASM and the WebGPU execution providers;
// - "wasm" (14 MB): the WASM one only.
// On WASM the smaller build computes the same outputs (bit-identical for the text detector on
// a photo) and starts much sooner: in headless Chromium on 2 shared cores the text detector's
// first session took 2.2-2.4 s against 6.0-6.2 s (the module's compilation is most of it), and
// its first runs are faster while V8 still runs the module's baseline code. A first Detect
// text on a 960x600 photo in the editor's worker took 4.8-5.2 s against 10.7-12.9 s; warm
// runs are the same speed with either build (a whole detection 1.5-2.0 s).
// So a worker whose first session is on WASM (backend "wasm", or "auto" without a usable
// adapter) loads the small build; one whose first session tries WebGPU loads jsep and keeps it
// for its WASM fallbacks. The choice lasts the worker's life: changing the backend under
// Runtime restarts the worker.
import type * as Ort from 'onnxruntime-web';

export type OrtModule = typeof Ort;
export type OrtBuild = 'wasm' | 'jsep';

/** Where ONNX Runtime's .mjs/.wasm are served on our origin (vite.config.ts puts them there). */
export const ORT_BASE = '/ort/';

let threads = 1;
let loaded: { build: OrtBuild; module: Promise<OrtModule> } | undefined;

/** WASM threads for the build loaded later: `count`, else every core when cross-origin isolated, else 1. No effect once loaded. */
export function setOrtThreads(count?: number): void {
  if (!loaded) threads = count ?? (self.crossOriginIsolated ? navigator.hardwareConcurrency : 1);
}

/** The WASM thread count this worker's sessions use (fixed by the first session). */
export function ortThreads(): number {
  return threads;
}

/** The build a session on `backend` needs, loaded on first use; the loaded one afterwards. */
export function ortFor(backend: 'webgpu' | 'wasm'): Promise<OrtModule> {
  if (!loaded) {
    const build: OrtBuild = backend === 'webgpu' ? 'jsep' : 'wasm';
    loaded = { build, module: importBuild(build) };
  } else if (backend === 'webgpu' && loaded.build === 'wasm') {
    return Promise.reject(
      new Error("this worker runs onnxruntime's WASM-only build (its first session was on WASM); WebGPU needs a new worker"),
    );
  }
  return loaded.module;
}

async function importBuild(build: OrtBuild): Promise<OrtModule> {
  const ort: OrtModule = build === 'jsep' ? await import('onnxruntime-web') : await import('onnxruntime-web/wasm');
  ort.env.wasm.wasmPaths = new URL(ORT_BASE, self.location.origin).href;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false; // we already are the worker
  ort.env.logLevel = 'error';
  return ort;
}
