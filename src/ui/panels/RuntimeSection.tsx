// Runtime: where the models run (Auto, forced WebGPU or WASM, or upscalers on the server that
// served the page), what this browser offers, and what Auto will do with it. Changing it restarts the
// inference worker before the next job.
import type { BackendChoice, RuntimeEnvironment } from '../../editor/runtime-choice.ts';
import { HEAVY_INPUT_PIXELS, HEAVY_OUTPUT_PIXELS } from '../../editor/flows/placement.ts';
import { editorStore, useEditor } from '../editor-context.ts';

const LABELS: Record<BackendChoice, string> = {
  auto: 'Auto',
  webgpu: 'WebGPU (GPU)',
  wasm: 'WASM (CPU)',
  server: 'Server for upscaling',
  'server-jobs': 'Server (whole jobs)',
};

/** What a forced choice does, in words. */
const FORCED: Record<Exclude<BackendChoice, 'auto'>, string> = {
  webgpu: 'Every model runs on WebGPU.',
  wasm: 'Every model runs on WASM.',
  server:
    'Upscaling runs on the server that serves this page (onnxruntime-node, natively): each tile is sent to it and back. Text detection and fills stay in the browser, as Auto.',
  'server-jobs':
    'Remove, Remove text, Upscale and imports run as jobs on the server that serves this page: the photo is sent once, each result is one undo step. Detection and redaction stay here. A job the server does not take runs here, with a notice.',
};

function webGpuLine(env: RuntimeEnvironment): string {
  const { webgpu } = env;
  if (!webgpu.available) return `not available (${webgpu.reason ?? 'no adapter'})`;
  return `${webgpu.adapter ?? 'an adapter'}${webgpu.software ? ', software' : ''}${webgpu.shaderF16 ? ', fp16' : ''}`;
}

function wasmLine(env: RuntimeEnvironment): string {
  const threads = `${env.wasmThreads} thread${env.wasmThreads === 1 ? '' : 's'}`;
  return env.crossOriginIsolated ? `${threads}, SIMD` : `${threads}, SIMD (the page is not cross-origin isolated, so no threads)`;
}

/** What Auto does with heavy jobs (editor/flows/placement.ts). */
const AUTO_HEAVY = `Heavy jobs (a result over ${HEAVY_OUTPUT_PIXELS / 1e6} MP, or a photo over ${HEAVY_INPUT_PIXELS / 1e6} MP) go to the server that serves this page when it takes them.`;

/** What Auto does here, in words. */
function autoLine(env: RuntimeEnvironment): string {
  if (!env.webgpu.available) return `Auto runs on WASM: this browser offers no WebGPU. ${AUTO_HEAVY}`;
  if (env.webgpu.software) return `Auto runs on WASM: the WebGPU adapter is a software renderer, slower than WASM. ${AUTO_HEAVY}`;
  return `Auto runs on WebGPU when a model passes a test run there, else on WASM. ${AUTO_HEAVY}`;
}

export function RuntimeSection() {
  const { choice, env, busy, token } = useEditor((s) => ({ choice: s.backendChoice, env: s.runtime, busy: !!s.job, token: s.serverToken }));
  return (
    <section className="panel-section" aria-labelledby="runtime-h">
      <h2 id="runtime-h">Runtime</h2>
      <label className="row field">
        <span>Backend</span>
        <select
          aria-label="Backend"
          value={choice}
          disabled={busy}
          onChange={(e) => editorStore.getState().setBackendChoice(e.target.value as BackendChoice)}
        >
          {(Object.keys(LABELS) as BackendChoice[]).map((c) => (
            <option key={c} value={c} disabled={c === 'webgpu' && env !== null && !env.webgpu.available}>
              {LABELS[c]}
              {c === 'webgpu' && env !== null && !env.webgpu.available ? ' (not available)' : ''}
            </option>
          ))}
        </select>
      </label>
      {choice !== 'webgpu' && choice !== 'wasm' && (
        <label className="row field">
          <span>Token</span>
          <input
            key={token}
            type="password"
            className="text-input"
            aria-label="Server token"
            autoComplete="off"
            placeholder="only if the server asks"
            defaultValue={token}
            disabled={busy}
            onBlur={(e) => editorStore.getState().setServerToken(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          />
        </label>
      )}
      {env && (
        <dl className="facts runtime-facts" aria-label="What this browser offers">
          <dt>WebGPU</dt>
          <dd title={webGpuLine(env)}>{webGpuLine(env)}</dd>
          <dt>WASM</dt>
          <dd title={wasmLine(env)}>{wasmLine(env)}</dd>
        </dl>
      )}
      <p className="ran-on">
        {choice === 'auto' ? (env ? autoLine(env) : 'Auto picks WebGPU when it works, else WASM.') : FORCED[choice]} A change applies from
        the next job.
      </p>
    </section>
  );
}
