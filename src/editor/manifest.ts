// The manifest written on export (design.md section 4): the source file, the steps of every
// operation result still in the history, and an inpaint step carrying the current mask's
// strokes (in the pixels of the image they were drawn on) so the mask is rebuilt exactly.
import type { Stroke } from '../core/types.ts';
import { liveStrokes, type Edit, type ManifestStep } from './edits.ts';
import type { EditorDocument } from './slices/document.ts';

export interface ExportManifest {
  type: 'cleanplate.manifest';
  version: 1;
  job_id: string;
  source: { file: string; sha256: string; width: number; height: number };
  steps: ManifestStep[];
}

/** A readable, unique job id: date, time and file stem. */
export function jobId(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const stem = name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40) || 'image';
  return `${stamp}-${stem}`;
}

/** Copies strokes to plain JSON shape: no absent keys, coordinates as given. */
function plainStroke(s: Stroke): Stroke {
  return {
    points: [...s.points],
    width: s.width,
    ...(s.erase ? { erase: true } : {}),
    ...(s.shape === 'rect' ? { shape: 'rect' as const } : {}),
  };
}

/**
 * `done` is the history's applied edits. The inpaint step names its strokes, not the mask PNG
 * exported beside it: a v1 inpaint step carries exactly one of the two.
 */
export function buildManifest(doc: EditorDocument, done: readonly Edit[], now = new Date()): ExportManifest {
  const steps: ManifestStep[] = done.flatMap((e) => (e.kind === 'replace-pixels' ? [e.step] : []));
  const strokes = liveStrokes(done);
  if (strokes.length > 0) steps.push({ op: 'inpaint', strokes: strokes.map(plainStroke) });
  return {
    type: 'cleanplate.manifest',
    version: 1,
    job_id: jobId(doc.file.name, now),
    source: { file: doc.file.name, sha256: doc.file.sha256, width: doc.file.width, height: doc.file.height },
    steps,
  };
}
