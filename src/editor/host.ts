// What the editor needs from its host page, supplied by the UI (file picker, downloads).
export interface EditorHost {
  /** Asks the user for an image file; null when cancelled. */
  pickFile(): Promise<File | null>;
  /** Saves a file the user asked for. */
  download(blob: Blob, name: string): void;
}
