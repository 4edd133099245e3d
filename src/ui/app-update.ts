// Registers the service worker (src/sw/sw.ts) that keeps the editor available offline, and
// applies a new version only where no work can be in the way: a version that finished
// installing while a photo is open is announced and waits; on a later load, before any
// document is open, it takes over and the page reloads once onto it.
import { Workbox } from 'workbox-window';
import { editorStore } from './editor-context.ts';

/** Whether the page may switch versions now: nothing is open, so nothing can be lost or mixed. */
const idle = () => editorStore.getState().doc === null;

export function registerServiceWorker(): void {
  // Vite's dev server serves no service worker; tests of the dev build run without one.
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const wb = new Workbox('/sw.js');
  let announced = false;
  let applying = false;
  /** Lets a waiting version take over now if nothing is open; the page reloads onto it once. */
  const applyIfIdle = (): boolean => {
    if (!idle()) return false;
    if (!applying) {
      applying = true;
      // The browser's own event: Workbox's 'controlling' fires only for a worker it tracks.
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    }
    wb.messageSkipWaiting();
    return true;
  };
  wb.addEventListener('waiting', () => {
    if (applyIfIdle() || announced) return;
    announced = true;
    editorStore
      .getState()
      .notify(
        'warning',
        'A new version of cleanplate is ready.',
        'It takes over the next time you reload this page; your open photo and its edits stay as they are until then.',
      );
  });
  wb.register()
    // A version that was already waiting when this page loaded: Workbox announces it too, but
    // only when the script URLs match exactly; the registration itself is the source of truth.
    .then((registration) => void (registration?.waiting && applyIfIdle()))
    .catch((e: unknown) =>
      editorStore
        .getState()
        .notify(
          'warning',
          'This page will not work offline.',
          `Its service worker could not be registered: ${e instanceof Error ? e.message : String(e)}`,
        ),
    );
}
