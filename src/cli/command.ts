// A subcommand is an object in one list (main.ts): name, one-line summary, help text, run.
export interface Command {
  name: string;
  summary: string;
  /** Full `--help` text: usage line first, then options. */
  help: string;
  /** Returns the exit code; throws InputError/UsageError for exit 2. */
  run(argv: string[]): Promise<number>;
}

export const COMMON_OUTPUT_HELP = `  --out <file>          result image; its extension picks the format (.png .jpg .jpeg .webp .tif .tiff);
                        <file>.manifest.json is written next to it (the executed manifest)
  --strip-metadata      drop EXIF (camera, GPS, dates) from the result; the ICC profile is kept
                        (a CMYK source is converted to sRGB and the result tagged sRGB)`;
