// Redact: find faces or text for review, and the style the accepted boxes are hidden with.
import type { RedactStyleSetting } from '../../editor/slices/settings.ts';
import { editorStore, useEditor } from '../editor-context.ts';
import { PanelAction } from './PanelAction.tsx';

const STYLES: { value: RedactStyleSetting; label: string }[] = [
  { value: 'blur', label: 'Blur (irreversible)' },
  { value: 'pixelate', label: 'Pixelate (16 px blocks or larger)' },
  { value: 'fill', label: 'Fill (inpaint the background)' },
];

export function RedactSection() {
  const { style, ranOn } = useEditor((s) => ({ style: s.redactStyle, ranOn: s.ranOn.redact }));
  return (
    <section className="panel-section" aria-labelledby="redact-h">
      <h2 id="redact-h">Redact</h2>
      <div className="ops">
        <PanelAction id="redact-faces" />
        <PanelAction id="redact-text" />
      </div>
      <label className="row field">
        <span>Style</span>
        <select
          aria-label="Redaction style"
          value={style}
          onChange={(e) => editorStore.getState().setRedactStyle(e.target.value as RedactStyleSetting)}
        >
          {STYLES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {ranOn && (
        <p className="ran-on" aria-label="Redaction ran on">
          Last: {ranOn}
        </p>
      )}
    </section>
  );
}
