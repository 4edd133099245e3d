// Remove: fill the brushed mask. Engine (built in, or neural models when installed) and mask
// growth; a line saying what ran last.
import { engineChoices } from '../../editor/flows/engines.ts';
import { DILATE_MAX, type EngineSetting } from '../../editor/slices/settings.ts';
import { editorStore, useEditor } from '../editor-context.ts';
import { PanelAction } from './PanelAction.tsx';

export function RemoveSection() {
  const { engine, dilate, installed, ranOn } = useEditor((s) => ({
    engine: s.inpaintEngine,
    dilate: s.inpaintDilate,
    installed: s.installed,
    ranOn: s.ranOn.remove,
  }));
  const choices = engineChoices(installed);
  const missing = choices.filter((c) => !c.available);
  return (
    <section className="panel-section" aria-labelledby="remove-h">
      <h2 id="remove-h">Remove</h2>
      <PanelAction id="remove" primary />
      <label className="row field">
        <span>Engine</span>
        <select
          aria-label="Engine"
          value={engine}
          onChange={(e) => editorStore.getState().setInpaintEngine(e.target.value as EngineSetting)}
        >
          {choices.map((c) => (
            <option key={c.id} value={c.id} disabled={!c.available}>
              {c.label}
              {c.available ? '' : ' (not installed)'}
            </option>
          ))}
        </select>
      </label>
      <label
        className="row"
        title="The mask grows by up to this much over what stands out around it (an object's soft edge, its shadow's rim), never over clean background."
      >
        <span>Grow mask</span>
        <input
          type="range"
          aria-label="Mask dilation"
          min={0}
          max={DILATE_MAX}
          value={dilate}
          onChange={(e) => editorStore.getState().setInpaintDilate(Number(e.target.value))}
        />
        <output>{dilate} px</output>
      </label>
      {missing.length > 0 && (
        <details className="fine-print">
          <summary>{missing.map((c) => c.label).join(' and ')}: not installed</summary>
          {missing.map((c) => (
            <p key={c.id}>{c.install}</p>
          ))}
        </details>
      )}
      {ranOn && (
        <p className="ran-on" aria-label="Remove ran on">
          Last: {ranOn}
        </p>
      )}
    </section>
  );
}
