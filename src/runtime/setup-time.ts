// A model's first use in a worker costs more than the work: its file is read from the browser's
// cache (or downloaded, the first time ever), and onnxruntime starts a session for it (the first
// session also compiles onnxruntime's WebAssembly). The port reports each of these as a span of
// time; a job's report gives them apart from the work, so a slow first Remove text says why.
// Spans may overlap (two detectors' sessions open side by side): the parts are measured as
// unions, so they add up to the job's time exactly.

/** One stretch of setup, in performance.now() milliseconds of the worker. */
export interface SetupSpan {
  kind: 'models' | 'sessions';
  start: number;
  end: number;
  /** For 'models': whether the file came over the network rather than from the cache. */
  downloaded?: boolean;
}

/** How a job's time splits: setup first, the work the rest. */
export interface SetupTimes {
  /** Reading or downloading model files. */
  modelsMs: number;
  /** Whether a model file was downloaded (not read from the cache). */
  downloaded: boolean;
  /** Starting sessions, beyond the time already counted for models. */
  sessionsMs: number;
}

/** Total length of the union of [start, end) intervals. */
function unionLength(spans: readonly SetupSpan[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0,
    to = -Infinity;
  for (const { start, end } of sorted) {
    // Only the part past everything counted so far is new.
    total += Math.max(0, end - Math.max(start, to));
    to = Math.max(to, end);
  }
  return total;
}

/** The setup part of a job whose spans are `spans`; undefined when it set nothing up. */
export function setupTimes(spans: readonly SetupSpan[]): SetupTimes | undefined {
  if (spans.length === 0) return undefined;
  const models = spans.filter((s) => s.kind === 'models');
  const modelsMs = unionLength(models);
  return { modelsMs, downloaded: models.some((s) => s.downloaded), sessionsMs: unionLength(spans) - modelsMs };
}
