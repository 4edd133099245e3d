// Registers the service worker (src/sw/sw.ts) that keeps the editor available offline, and
// applies a new version only where no work can be in the way: a version that finished
// installing while a photo is open is announced and waits; on a later load, before any
// document is open, it takes over and the page reloads once onto it.
import { Workbox } from 'workbox-window';
import { editorStore } from './editor-context.ts';

/** Whether the page may switch versions now: nothing is open, so nothing can be lost or mixed. */
const idle = () => editorStore.getState().doc === null;

/** How long a waiting version may take to start taking over before the page reloads once more. */
const TAKE_OVER_PATIENCE_MS = 5000;
/** When this tab reloaded for a stuck take-over: at most three such reloads in two minutes, never a loop. */
const STUCK_RELOAD_KEY = 'cleanplate.update.stuck-reloads';
const STUCK_RELOADS = 3;
const STUCK_RELOAD_WINDOW_MS = 120_000;

function stuckReloads(): number[] {
  try {
    const times: unknown = JSON.parse(sessionStorage.getItem(STUCK_RELOAD_KEY) ?? '[]');
    return Array.isArray(times) ? times.filter((t): t is number => typeof t === 'number') : [];
  } catch {
    return [];
  }
}

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
      navigator.serviceWorker.addEventListener('controllerchange', () => (idle() ? window.location.reload() : announce()), { once: true });
      void reloadIfStuck();
    }
    wb.messageSkipWaiting();
    return true;
  };
  /**
   * Chromium activates a worker that asked to skip waiting only once the old one has no work
   * left; when the old one is stopped and started again at that moment (seen about once in ten
   * reloads), the new version can wait up to five minutes. Nothing is open, so the page reloads
   * again (a few times at most): each time the old worker is left idle and can be swapped out.
   */
  const reloadIfStuck = async () => {
    const waiting = (await navigator.serviceWorker.getRegistration())?.waiting;
    const recent = stuckReloads().filter((t) => Date.now() - t < STUCK_RELOAD_WINDOW_MS);
    if (!waiting || recent.length >= STUCK_RELOADS) return;
    const started = await new Promise<boolean>((done) => {
      waiting.addEventListener('statechange', () => done(true), { once: true });
      setTimeout(() => done(false), TAKE_OVER_PATIENCE_MS);
    });
    if (started || waiting.state !== 'installed' || !idle()) return;
    sessionStorage.setItem(STUCK_RELOAD_KEY, JSON.stringify([...recent, Date.now()]));
    window.location.reload();
  };
  /** Says once that a new version waits for the next reload (a photo is open). */
  const announce = () => {
    if (announced) return;
    announced = true;
    editorStore
      .getState()
      .notify(
        'warning',
        'A new version of cleanplate is ready.',
        'It takes over the next time you reload this page; your open photo and its edits stay as they are until then.',
      );
  };
  wb.addEventListener('waiting', () => void (applyIfIdle() || announce()));
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
