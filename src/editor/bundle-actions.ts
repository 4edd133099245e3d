// The bundle actions, registered like every other: "Import bundle or manifest" (pick a .zip,
// or a .json with its source image) and "Export bundle" (a .zip in the source format).
import { registerAction, type Action, type ActionContext } from './actions.ts';
import { buildBundle, type BundleOptions } from './bundle-export.ts';
import { sourceExportFormat } from './export.ts';
import type { Importer } from './import-bundle.ts';
import { importFiles, setImporter } from './importer.ts';

/** What the import picker offers: bundles, manifests and the images they replay on. */
export const IMPORT_ACCEPT = '.zip,.json,application/zip,application/json,image/*';

/** Builds and downloads a bundle of the open document; says why when it cannot. */
export async function exportBundle({ store, host }: ActionContext, options?: Partial<BundleOptions>): Promise<void> {
  const { doc, history } = store.getState();
  if (!doc) return;
  store.getState().setBusy('Preparing the bundle…');
  try {
    const built = await buildBundle(doc, history.done, {
      format: options?.format ?? sourceExportFormat(doc),
      quality: options?.quality ?? 0.92,
      stripMetadata: options?.stripMetadata ?? true,
    });
    host.download(new Blob([built.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), built.name);
  } catch (e) {
    store.getState().notify('error', 'Could not export the bundle.', e instanceof Error ? e.message : String(e));
  } finally {
    store.getState().setBusy(null);
  }
}

export const importBundleAction: Action = {
  id: 'import-bundle',
  label: 'Import bundle or manifest',
  shortcuts: ['shift+o'],
  group: 'file',
  async run({ store, host }) {
    const files = (await host.pickFiles?.(IMPORT_ACCEPT)) ?? [];
    if (files.length) await importFiles(store, files);
  },
};

export const exportBundleAction: Action = {
  id: 'export-bundle',
  label: 'Export bundle',
  shortcuts: ['shift+b'],
  group: 'file',
  enabled: (s) => s.doc !== null && s.job === null,
  run: (ctx) => exportBundle(ctx),
};

export function registerBundleActions(importer: Importer): void {
  setImporter(importer);
  registerAction(importBundleAction);
  registerAction(exportBundleAction);
}
