// Cross-origin isolation (SharedArrayBuffer) is required for multi-threaded WASM inference:
// every response that serves the editor carries these, from the server and from Vite alike.
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
