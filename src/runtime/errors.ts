// Errors a host shows to the user as they are: each says what is wrong and what to do.

export type ModelProblem = 'missing' | 'wrong-sha256' | 'unloadable';

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
      case 'wrong-sha256':
        return `Model "${modelId}" is damaged or a different version: ${file} ${detail ?? 'has the wrong sha256'}. Re-install it with \`npm run models -- --from <dir>\`.`;
      case 'unloadable':
        return `Model "${modelId}" could not be loaded from ${file}${detail ? `: ${detail}` : ''}. ${INSTALL_HINT}`;
    }
  }
}
