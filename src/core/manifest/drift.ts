// How a replay differs from the run its manifest recorded, in words for the operator: a model
// the recording used that did not run here (not installed on this machine), a different file
// of the same model, another fill engine, or a different number of text boxes found. The
// backend is not compared: WASM, WebGPU and the CLI's CPU are expected to differ in it.
type ModelRecord = { id: string; sha256: string | null };

/** The parts of a step's run record that drift compares. */
export interface DriftRun {
  step: number;
  op: string;
  engine?: string;
  model?: ModelRecord;
  models?: ModelRecord[];
  boxes?: readonly unknown[];
}

/** What to do about a replay that ran otherwise, said after its lines. */
export const DRIFT_ADVICE =
  'Install the models the recording used (npm run models -- --from <folder>) and replay again to get the recorded result.';

const modelsOf = (run: DriftRun): ModelRecord[] => run.models ?? (run.model ? [run.model] : []);
const short = (sha: string | null) => (sha ? `${sha.slice(0, 8)}…` : 'unknown');

function stepDrift(recorded: DriftRun, replayed: DriftRun): string[] {
  const out: string[] = [];
  const here = new Map(modelsOf(replayed).map((m) => [m.id, m.sha256]));
  for (const m of modelsOf(recorded)) {
    if (!here.has(m.id)) out.push(`model ${m.id}, which the recording ran, did not run here`);
    else if (m.sha256 && here.get(m.id) && here.get(m.id) !== m.sha256)
      out.push(`model ${m.id} is a different file here (sha256 ${short(here.get(m.id)!)}, recorded ${short(m.sha256)})`);
  }
  if (recorded.engine && replayed.engine && recorded.engine !== replayed.engine)
    out.push(`filled with ${replayed.engine}; the recording used ${recorded.engine}`);
  if (recorded.boxes && replayed.boxes && recorded.boxes.length !== replayed.boxes.length) {
    out.push(
      `found ${replayed.boxes.length} text box${replayed.boxes.length === 1 ? '' : 'es'}; the recording found ${recorded.boxes.length}`,
    );
  }
  return out;
}

/**
 * One line per difference, "step N (op): ...", numbered from 0 as manifests are; empty when the
 * replay ran as recorded (or nothing was recorded). A step that carries its own outcome (e.g. a
 * detect_text step with its accepted boxes) runs nothing on replay, so it has nothing to compare.
 */
export function replayDrift(
  manifest: { result?: { runs: readonly DriftRun[] } },
  replayed: readonly DriftRun[],
  carriesOutcome: (stepIndex: number) => boolean = () => false,
): string[] {
  const recorded = manifest.result?.runs ?? [];
  return replayed.flatMap((run, i) => {
    if (carriesOutcome(i)) return [];
    const then = recorded.find((r) => r.step === i && r.op === run.op);
    return then ? stepDrift(then, run).map((d) => `step ${i} (${run.op}): ${d}`) : [];
  });
}
