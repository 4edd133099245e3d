// A subcommand is a module exporting a Command (name, help text, run); main.ts lists each
// with its one-line summary and loads only the one asked for.
export interface Command {
  name: string;
  /** Full `--help` text: usage line first, then options. */
  help: string;
  /** Returns the exit code; throws InputError/UsageError for exit 2. */
  run(argv: string[]): Promise<number>;
}

export const COMMON_OUTPUT_HELP = `  --out <file>          result image; its extension picks the format (.png .jpg .jpeg .webp .tif .tiff);
                        <file>.manifest.json is written next to it (the executed manifest)
  --strip-metadata      drop EXIF (camera, GPS, dates) from the result; the ICC profile is kept
                        (a CMYK source is converted to sRGB and the result tagged sRGB)`;
