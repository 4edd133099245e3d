// Errors cross the worker boundary with their data. Comlink's own handler keeps only name,
// message and stack; ours also keeps an error's own plain fields (e.g. ModelUnavailableError's
// `problem`, `modelId`, `file`), so the page can tell a missing model from a damaged one.
// Install once in the worker (the sending side); the page's default handler restores the fields.
import * as Comlink from 'comlink';

function plainFields(e: Error): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(e)) if (['string', 'number', 'boolean'].includes(typeof v)) out[k] = v as string | number | boolean;
  return out;
}

let installed = false;

export function installErrorTransport(): void {
  if (installed) return;
  installed = true;
  const base = Comlink.transferHandlers.get('throw')!;
  Comlink.transferHandlers.set('throw', {
    canHandle: base.canHandle,
    serialize(thrown) {
      const [wire, transfers] = base.serialize(thrown);
      const error = (thrown as { value: unknown }).value;
      const w = wire as { isError?: boolean; value: Record<string, unknown> };
      if (error instanceof Error && w.isError) w.value = { ...plainFields(error), ...w.value };
      return [wire, transfers];
    },
    deserialize: base.deserialize,
  });
}
