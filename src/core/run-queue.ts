// One task at a time, in call order: for resources that must not run concurrently (an
// onnxruntime session, the server's model runs). A failed task does not stop the ones after it.

export type RunQueue = <T>(task: () => Promise<T>) => Promise<T>;

export function runQueue(): RunQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}
