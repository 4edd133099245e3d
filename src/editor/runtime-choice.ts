// The backend setting, kept across visits: the editor starts its worker client with the saved
// choice, and a change (side panel) is saved and applied to the client, whose worker restarts
// before the next job. What the browser offers is asked of the worker at start and after each
// change, for the panel to show.
import type { BackendChoice, RuntimeEnvironment, RuntimeSettings } from '../worker/client.ts';

export type { BackendChoice, RuntimeEnvironment };
import type { EditorStore } from './store.ts';

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm', 'server', 'server-jobs'];
const KEY = 'cleanplate.backend';
const TOKEN_KEY = 'cleanplate.serverToken';

/** The part of the worker client this needs. */
export interface RuntimeClient {
  readonly currentSettings: RuntimeSettings;
  setSettings(settings: RuntimeSettings): Promise<void>;
  environment(): Promise<RuntimeEnvironment>;
}

/** The saved choice, or 'auto' when none (or storage is unavailable or holds something else). */
export function savedBackendChoice(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): BackendChoice {
  try {
    const saved = storage?.getItem(KEY);
    return BACKEND_CHOICES.find((c) => c === saved) ?? 'auto';
  } catch {
    return 'auto'; // storage blocked
  }
}

/** The saved server token, or undefined. */
export function savedServerToken(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string | undefined {
  try {
    return storage?.getItem(TOKEN_KEY) || undefined;
  } catch {
    return undefined;
  }
}

/** Shows the client's choice and the runtime in the store, and applies (and saves) every later change of it. */
export function connectRuntimeChoice(
  store: EditorStore,
  client: RuntimeClient,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): () => void {
  const refresh = () =>
    client.environment().then(
      (env) => store.getState().setRuntime(env),
      () => store.getState().setRuntime(null),
    );
  store.getState().setBackendChoice(client.currentSettings.backend);
  store.getState().setServerToken(client.currentSettings.serverToken ?? '');
  void refresh();
  return store.subscribe((state, before) => {
    const token = state.serverToken;
    if (token !== before.serverToken && token !== (client.currentSettings.serverToken ?? '')) {
      try {
        if (token) storage?.setItem(TOKEN_KEY, token);
        else (storage as Partial<Storage> | undefined)?.removeItem?.(TOKEN_KEY);
      } catch {
        /* storage blocked: the token lasts for this visit */
      }
      void client.setSettings({ ...client.currentSettings, serverToken: token || undefined });
    }
    const choice = state.backendChoice;
    if (choice === before.backendChoice || choice === client.currentSettings.backend) return;
    try {
      storage?.setItem(KEY, choice);
    } catch {
      /* storage blocked: the choice lasts for this visit */
    }
    void client.setSettings({ ...client.currentSettings, backend: choice }).then(refresh);
  });
}
