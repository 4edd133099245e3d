// Upscale: the model picker (photos by default, graphics, native x2) and the x2/x3/x4 actions.
import { UPSCALE_MODELS } from '../../editor/flows/upscale.ts';
import { editorStore, useEditor } from '../editor-context.ts';
import { PanelAction } from './PanelAction.tsx';

/** Models offered by name (the fp16 twin is picked by the worker on WebGPU on its own). */
const PICKABLE = ['realesr-animevideov3', 'nomos-span-x2'];

export function UpscaleSection() {
  const { model, installed, ranOn } = useEditor((s) => ({ model: s.upscaleModel, installed: s.installed, ranOn: s.ranOn.upscale }));
  const models = UPSCALE_MODELS.filter((m) => PICKABLE.includes(m.id));
  const nativeX2 = !!installed?.['nomos-span-x2'];
  return (
    <section className="panel-section" aria-labelledby="upscale-h">
      <h2 id="upscale-h">Upscale</h2>
      <label className="row field">
        <span>Model</span>
        <select
          aria-label="Upscale model"
          value={model ?? ''}
          onChange={(e) => editorStore.getState().setUpscaleModel(e.target.value || null)}
        >
          <option value="">Photos (x4v3)</option>
          {models.map((m) => (
            <option key={m.id} value={m.id} disabled={installed !== null && !installed[m.id]}>
              {m.id === 'nomos-span-x2' ? 'SPAN ×2 only' : 'Graphics (anime v3)'}
              {installed !== null && !installed[m.id] ? ' (not installed)' : ''}
            </option>
          ))}
        </select>
      </label>
      {nativeX2 && !model && <p className="ran-on">×2 runs the native Nomos SPAN ×2 model.</p>}
      <div className="ops ops-row">
        <PanelAction id="upscale-2x" label="×2" />
        <PanelAction id="upscale-3x" label="×3" />
        <PanelAction id="upscale-4x" label="×4" />
      </div>
      {ranOn && (
        <p className="ran-on" aria-label="Upscale ran on">
          Last: {ranOn}
        </p>
      )}
    </section>
  );
}
