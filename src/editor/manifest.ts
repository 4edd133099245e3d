// The manifest written on export (design.md section 4): the source file, and an inpaint step
// carrying the strokes in source pixels so the mask can be rebuilt exactly.
import type { Stroke } from '../core/types.ts';
import type { EditorDocument } from './slices/document.ts';

export interface ExportManifest {
  type: 'cleanplate.manifest';
  version: 1;
  job_id: string;
  source: { file: string; sha256: string; width: number; height: number };
  steps: Array<{ op: 'inpaint'; strokes: Stroke[]; mask?: string }>;
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

export function buildManifest(doc: EditorDocument, strokes: readonly Stroke[], maskFile?: string, now = new Date()): ExportManifest {
  return {
    type: 'cleanplate.manifest',
    version: 1,
    job_id: jobId(doc.file.name, now),
    source: { file: doc.file.name, sha256: doc.file.sha256, width: doc.image.width, height: doc.image.height },
    steps: [{ op: 'inpaint', strokes: strokes.map(plainStroke), ...(maskFile ? { mask: maskFile } : {}) }],
  };
}
