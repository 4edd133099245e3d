// The service worker: the editor loads and runs with the network gone. It precaches the app
// shell (HTML, scripts, styles, icons) and ONNX Runtime's .mjs/.wasm at install, serves them
// cache first, and serves every page navigation from the precached index.html. Everything it
// answers carries the cross-origin isolation headers (multi-threaded WASM needs them on the
// page, its workers and their scripts). Model files are not its business: the inference worker
// keeps them, sha256-checked, in its own Cache Storage (src/runtime/model-store.ts).
//
// Updates: a new version installs and then waits; the page applies it on a later load, before
// any document is open (src/ui/app-update.ts), never under an edit.
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { ISOLATION_HEADERS, withIsolation } from './isolation.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

addPlugins([{ handlerWillRespond: async ({ response }) => withIsolation(response, ISOLATION_HEADERS) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The editor is one page; the model files, the server's API, the diagnostics page and the
// review queue (a page of its own, which needs the server anyway) are not it.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/models\//, /^\/api\//, /^\/diagnostics/, /^\/review/, /^\/jobs/],
  }),
);

self.addEventListener('message', (e) => {
  if ((e.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();
