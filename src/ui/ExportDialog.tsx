// Export: the image at full source resolution (source format or a chosen one, with quality),
// the mask as PNG, and the manifest that rebuilds the mask from its strokes (with the mask files
// its steps name, downloaded beside it).
import { useEffect, useMemo, useRef, useState } from 'react';
import { EXPORT_MIME, encodeMask, exportImage, exportNames, sourceExportFormat, type ExportFormat } from '../editor/export.ts';
import { manifestWithResult } from '../editor/manifest-export.ts';
import { maskDownload } from '../editor/mask-download.ts';
import { bundleName } from '../editor/bundle-export.ts';
import { BundleExportSection } from './BundleExportSection.tsx';
import { actionContext, editorStore, useEditor } from './editor-context.ts';
import { Icon } from './icons.tsx';

type Choice = 'source' | ExportFormat;
const LABEL: Record<ExportFormat, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' };

async function busyDownload(what: string, make: () => Promise<Blob>, name: string): Promise<void> {
  const s = editorStore.getState();
  s.setBusy(`Preparing ${what}…`);
  try {
    actionContext.host.download(await make(), name);
  } catch (e) {
    s.notify('error', `Could not export the ${what}.`, e instanceof Error ? e.message : String(e));
  } finally {
    editorStore.getState().setBusy(null);
  }
}

export function ExportDialog() {
  const { open, doc, busy, mask, done } = useEditor((s) => ({
    open: s.dialog === 'export',
    doc: s.doc,
    busy: s.busy,
    mask: s.mask,
    done: s.history.done,
  }));
  // The modal dialog is open while nothing is brushed, so the mask is read once per opening.
  const maskFile = useMemo(() => (open ? maskDownload(mask, done) : null), [open, mask, done]);
  const [choice, setChoice] = useState<Choice>('source');
  const [quality, setQuality] = useState(92);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && doc && !d.open) d.showModal();
    if ((!open || !doc) && d.open) d.close();
  }, [open, doc]);

  const close = () => editorStore.getState().openDialog(null);
  const format: ExportFormat = doc ? (choice === 'source' ? sourceExportFormat(doc) : choice) : 'png';
  const names = doc ? exportNames(doc, format) : null;
  const lossy = format !== 'png';

  const downloadImage = () =>
    doc &&
    names &&
    busyDownload(
      'image',
      async () => new Blob([(await exportImage(doc, format, quality / 100)) as Uint8Array<ArrayBuffer>], { type: EXPORT_MIME[format] }),
      names.image,
    );
  const downloadMask = () => {
    if (maskFile?.ok && names) void busyDownload('mask', () => encodeMask(maskFile.mask), names.mask);
  };
  const downloadManifest = () => {
    const { doc: d, history } = editorStore.getState();
    if (!d || !names) return;
    let masks: Awaited<ReturnType<typeof manifestWithResult>>['masks'] = {};
    void (async () => {
      await busyDownload(
        'manifest',
        async () => {
          const made = await manifestWithResult(d, history.done, format, quality / 100);
          masks = made.masks;
          return new Blob([JSON.stringify(made.manifest, null, 2) + '\n'], { type: 'application/json' });
        },
        names.manifest,
      );
      // Mask files the steps name travel beside the manifest, as in a bundle.
      for (const [name, mask] of Object.entries(masks)) await busyDownload('mask file', () => encodeMask(mask), name);
    })();
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="export-h" onClose={close} onCancel={close}>
      <div className="dialog-head">
        <h2 id="export-h">Export</h2>
        <button type="button" className="btn btn-icon btn-small" aria-label="Close" onClick={close}>
          <Icon name="close" size={16} />
        </button>
      </div>
      {doc && names && (
        <div className="dialog-body">
          <p className="fine">
            Full resolution: {doc.image.width} × {doc.image.height} px.
          </p>
          <label className="row">
            <span>Format</span>
            <select aria-label="Format" value={choice} onChange={(e) => setChoice(e.target.value as Choice)}>
              <option value="source">Same as source ({LABEL[sourceExportFormat(doc)]})</option>
              <option value="jpeg">JPEG</option>
              <option value="png">PNG (lossless)</option>
              <option value="webp">WebP</option>
            </select>
          </label>
          <label className="row">
            <span>Quality</span>
            <input
              type="range"
              aria-label="Quality"
              min={50}
              max={100}
              value={quality}
              disabled={!lossy}
              onChange={(e) => setQuality(Number(e.target.value))}
            />
            <output>{lossy ? quality : '–'}</output>
          </label>
          {doc.file.bitDepth === 16 && (
            <p className="warn">
              The source has 16 bits per channel; the exported image has 8 (browsers encode 8 bits). For a 16-bit PNG or TIFF, replay the
              manifest with the cleanplate command line.
            </p>
          )}
          {format === 'jpeg' && doc.file.hasAlpha && (
            <p className="warn">JPEG has no transparency: transparent areas become white. Choose PNG or WebP to keep them.</p>
          )}
          <div className="downloads">
            <button type="button" className="btn btn-primary" disabled={!!busy} onClick={downloadImage}>
              <Icon name="export" size={16} />
              Download image <small>{names.image}</small>
            </button>
            <button
              type="button"
              className="btn btn-text"
              disabled={!!busy || !maskFile?.ok}
              title={maskFile && !maskFile.ok ? maskFile.reason : undefined}
              onClick={downloadMask}
            >
              <Icon name="export" size={16} />
              Download mask <small>{names.mask}</small>
            </button>
            {maskFile && !maskFile.ok && <p className="fine">{maskFile.reason}</p>}
            {maskFile?.ok && maskFile.what === 'last-remove' && (
              <p className="fine">Nothing is brushed now: the mask is the one the last Remove filled.</p>
            )}
            <button type="button" className="btn btn-text" disabled={!!busy} onClick={downloadManifest}>
              <Icon name="export" size={16} />
              Download manifest <small>{names.manifest}</small>
            </button>
          </div>
          <BundleExportSection format={format} quality={quality / 100} name={bundleName(doc)} />
        </div>
      )}
    </dialog>
  );
}
