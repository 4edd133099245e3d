// Cross-origin isolation on responses the service worker answers from its cache: a copy that
// lacked them (cached through a proxy that dropped them, say) would leave the page without
// SharedArrayBuffer, and ONNX Runtime on one thread.

export { ISOLATION_HEADERS } from '../core/isolation-headers.ts';

/** `response` with the headers set; the same response when it already has them all. */
export function withIsolation(response: Response, headers: Readonly<Record<string, string>>): Response {
  if (Object.entries(headers).every(([k, v]) => response.headers.get(k) === v)) return response;
  const h = new Headers(response.headers);
  for (const [k, v] of Object.entries(headers)) h.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: h });
}
