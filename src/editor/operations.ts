// The editor's operations backed by the inference worker (src/worker/client.ts), collected for
// registration: Remove (brushed mask), the text flows (detect and review, remove text) and
// Upscale. Each reads the document's pixels, runs one job with progress and Cancel, and turns
// the result into one undoable edit; a failed job's message offers Retry.
import type { Action } from './actions.ts';
import { removeAction } from './flows/remove.ts';
import type { OperationsClient } from './flows/run-job.ts';
import { redactActions } from './flows/redact.ts';
import { textActions } from './flows/text.ts';
import { upscaleAction } from './flows/upscale.ts';
import type { WorkerPixels } from './pixels.ts';
import type { EditorStore } from './store.ts';

export type { OperationsClient } from './flows/run-job.ts';

export function operationActions(client: OperationsClient, pixels: WorkerPixels): Action[] {
  return [
    removeAction(client, pixels),
    ...textActions(client, pixels),
    ...redactActions(client, pixels),
    ...[2, 3, 4].map((k) => upscaleAction(client, pixels, k as 2 | 3 | 4)),
  ];
}

/** Asks the worker which models this host has, for the engine and model pickers. */
export async function loadInstalledModels(store: EditorStore, client: OperationsClient): Promise<void> {
  try {
    const models = await client.models();
    store.getState().setInstalled(Object.fromEntries(models.map((m) => [m.id, m.state !== 'missing'])));
  } catch {
    store.getState().setInstalled({}); // pickers then offer the built-in engine and default models only
  }
}
