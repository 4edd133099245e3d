// Errors a host shows to the user as they are: each says what is wrong and what to do.

/**
 * missing: the server has no such file (a 404), so it is not installed; unreachable: not kept
 * in this browser and the server could not be asked (offline, or it is down): not the same fix.
 */
export type ModelProblem = 'missing' | 'unreachable' | 'wrong-sha256' | 'unloadable';

/** Where the operator keeps every model for offline use (src/ui/panels/OfflineSection.tsx). */
export const OFFLINE_HINT = 'Reconnect, then use "Make available offline" in the side panel to keep every installed model in this browser.';

const INSTALL_HINT = 'Install it with `npm run models -- --from <dir>` (the folder holding the .onnx files, e.g. ../shared/models).';

/** A registered model cannot be used on this host: its file is absent, damaged or not loadable. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
  constructor(
    readonly modelId: string,
    /** The file as the user sees it, e.g. models/realesr-general-x4v3-fp32.onnx. */
    readonly file: string,
    readonly problem: ModelProblem,
    detail?: string,
    /** Where to download the file, for models the project does not ship. */
    upstream?: string,
  ) {
    super(ModelUnavailableError.describe(modelId, file, problem, detail, upstream));
  }

  private static describe(modelId: string, file: string, problem: ModelProblem, detail?: string, upstream?: string): string {
    switch (problem) {
      case 'missing':
        return upstream
          ? `Model "${modelId}" is not installed: ${file} is missing. Download it from ${upstream}, then install it with \`npm run models -- --from <dir>\` (the folder holding the file).`
          : `Model "${modelId}" is not installed: ${file} is missing. ${INSTALL_HINT}`;
      case 'unreachable':
        return `Model "${modelId}" is not saved in this browser yet and the server cannot be reached (you are offline, or it is not running). ${OFFLINE_HINT}`;
      case 'wrong-sha256':
        return `Model "${modelId}" is damaged or a different version: ${file} ${detail ?? 'has the wrong sha256'}. Re-install it with \`npm run models -- --from <dir>\`.`;
      case 'unloadable':
        return `Model "${modelId}" could not be loaded from ${file}${detail ? `: ${detail}` : ''}. ${INSTALL_HINT}`;
    }
  }
}

/**
 * ONNX Runtime's own files (its .mjs and .wasm, under /ort/) could not be fetched: the page is
 * offline and they are not in the service worker's cache (the page was never loaded whole while
 * online, or the browser dropped its storage). Not a model problem.
 */
export class RuntimeFilesUnavailableError extends Error {
  override readonly name = 'RuntimeFilesUnavailableError';
  constructor(detail: string) {
    super(
      `ONNX Runtime's files could not be loaded (${detail}): the server cannot be reached and they are not saved in this browser. Reconnect and reload the page once; after that the editor works offline.`,
    );
  }
}

/** How a failed dynamic import or fetch of ONNX Runtime's files reads, in Chromium, Firefox and Safari. */
const RUNTIME_FETCH_FAILED =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|failed to load wasm|Failed to fetch|NetworkError/i;

/** The error to report for a session that could not be created: runtime files that did not load say so. */
export function runtimeLoadError(e: unknown): unknown {
  const message = String((e as Error)?.message ?? e);
  return RUNTIME_FETCH_FAILED.test(message) ? new RuntimeFilesUnavailableError(message.slice(0, 200)) : e;
}
