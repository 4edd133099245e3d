// What the editor needs from its host page, supplied by the UI (file picker, downloads).
export interface EditorHost {
  /** Asks the user for an image file; null when cancelled. */
  pickFile(): Promise<File | null>;
  /** Asks the user for one or more files matching `accept` (an <input accept> list); [] when cancelled. */
  pickFiles?(accept: string): Promise<File[]>;
  /** Saves a file the user asked for. */
  download(blob: Blob, name: string): void;
}
