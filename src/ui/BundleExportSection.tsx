// The export dialog's bundle part: one .zip with the result (in the format chosen above), the
// source, the masks as PNG and manifest.json, which replays the whole edit.
import { useState } from 'react';
import { exportBundle } from '../editor/bundle-actions.ts';
import type { ExportFormat } from '../editor/export.ts';
import { actionContext, useEditor } from './editor-context.ts';
import { Icon } from './icons.tsx';
import './bundle-export.css';

export function BundleExportSection({ format, quality, name }: { format: ExportFormat; quality: number; name: string }) {
  const { busy, steps, icc } = useEditor((s) => ({
    busy: s.busy,
    steps: s.history.done.filter((e) => e.kind === 'replace-pixels').length,
    icc: !!s.doc?.file.icc,
  }));
  const [strip, setStrip] = useState(true);
  return (
    <section className="bundle-export" aria-labelledby="bundle-h">
      <h3 id="bundle-h">Bundle</h3>
      <p className="fine">
        The result, its source, the masks (PNG) and a manifest of the {steps} operation{steps === 1 ? '' : 's'} applied: import it to replay
        the edit step by step. A mask not yet removed is not part of it.
      </p>
      <label className="row check">
        <input type="checkbox" checked={strip} onChange={(e) => setStrip(e.target.checked)} />
        <span>Strip metadata (EXIF/GPS)</span>
      </label>
      <p className="fine">
        {strip
          ? 'The result carries no EXIF or GPS data.'
          : "The source's EXIF (camera, date, GPS) is copied into JPEG and PNG results, with orientation reset: the pixels are already upright."}{' '}
        {icc
          ? "Colours stay the source's own: its ICC profile is written into the result, as the command line does."
          : 'The source has no ICC profile, so the result has none either (viewers take it as sRGB).'}
      </p>
      <button
        type="button"
        className="btn btn-primary"
        disabled={!!busy}
        onClick={() => void exportBundle(actionContext, { format, quality, stripMetadata: strip })}
      >
        <Icon name="export" size={16} />
        Download bundle <small>{name}</small>
      </button>
    </section>
  );
}
