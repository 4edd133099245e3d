// The page's importer (set once at start-up, it needs the worker client): Open image and drops
// hand bundles (.zip) and manifests (.json) to it instead of opening them as images.
import type { Importer } from './import-bundle.ts';
import { isImportFile } from './import-files.ts';
import type { EditorStore } from './store.ts';

let importer: Importer | null = null;

export function setImporter(next: Importer): void {
  importer = next;
}

/** Whether `files` are a bundle or a manifest (with its image) that the importer should take. */
export function wantsImport(files: readonly File[]): boolean {
  return importer !== null && files.some(isImportFile);
}

export async function importFiles(store: EditorStore, files: readonly File[]): Promise<void> {
  if (!importer) return store.getState().notify('error', 'Import is not available.', 'This page was started without the inference worker.');
  await importer(store, files);
}
