// Adds a set of event listeners to one target and returns the function that removes them all.
type Handlers = { [type: string]: (e: never) => void };

export function listen(target: EventTarget, handlers: Handlers, options?: AddEventListenerOptions): () => void {
  const entries = Object.entries(handlers) as Array<[string, EventListener]>;
  for (const [type, h] of entries) target.addEventListener(type, h, options);
  return () => {
    for (const [type, h] of entries) target.removeEventListener(type, h, options);
  };
}
