// The cleanplate command: one list of subcommands, one place that turns failures into
// exit codes (0 ok, 2 bad input or usage with a one-line message, 1 internal error).
import type { Command } from './command.ts';
import { installSignalHandlers } from './interrupt.ts';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, exitCodeOf, oneLine, UsageError } from './errors.ts';

/**
 * The subcommands, each loaded only when asked for: start-up is part of every command's
 * time (a detection takes about a second), and each pulls in its own part of the tree.
 */
const COMMANDS: { name: string; summary: string; load(): Promise<Command> }[] = [
  { name: 'apply', summary: 'replay a manifest (or a bundle) on an image', load: async () => (await import('./commands/apply.ts')).apply },
  { name: 'inpaint', summary: 'fill the white part of a mask', load: async () => (await import('./commands/inpaint.ts')).inpaint },
  { name: 'remove-text', summary: 'detect text and fill it in', load: async () => (await import('./commands/remove-text.ts')).removeText },
  {
    name: 'redact',
    summary: 'hide faces and/or text (blur, pixelate or fill)',
    load: async () => (await import('./commands/redact.ts')).redact,
  },
  {
    name: 'upscale',
    summary: 'enlarge x2, x3 or x4 with a super-resolution model',
    load: async () => (await import('./commands/upscale.ts')).upscale,
  },
  { name: 'detect', summary: 'print the text boxes found in an image', load: async () => (await import('./commands/detect.ts')).detect },
  {
    name: 'batch',
    summary: 'apply a manifest to every image in a folder, resumable',
    load: async () => (await import('./commands/batch.ts')).batch,
  },
  {
    name: 'worker',
    summary: "run the job server's jobs from Redis (server started with REDIS_URL)",
    load: async () => (await import('./commands/worker.ts')).worker,
  },
];

const OVERVIEW = `cleanplate: remove objects and text from photos, upscale them, replay manifests

usage: cleanplate <command> [options]    (cleanplate <command> --help for its options)

${COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n')}

exit codes: 0 ok, 2 bad input or usage, 1 internal error`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(OVERVIEW);
    return name === undefined ? EXIT_BAD_INPUT : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return await (await command.load()).run(rest);
  } catch (e) {
    // A failed op may have left a progress line on the terminal.
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const code = exitCodeOf(e);
    const prefix = `cleanplate${command ? ` ${command.name}` : ''}`;
    const message = oneLine(e instanceof Error ? e.message : String(e));
    const hint = e instanceof UsageError ? ` (see cleanplate ${command ? `${command.name} ` : ''}--help)` : '';
    process.stderr.write(code === EXIT_INTERNAL ? `${prefix}: internal error: ${message}\n` : `${prefix}: ${message}${hint}\n`);
    if (code === EXIT_INTERNAL && process.env.CLEANPLATE_DEBUG) console.error(e);
    return code;
  }
}

/** For bin/code-cache.js, which runs before the bundle is loaded: its cache folder is pruned as onnx/ is. */
export { markUsed, pruneUnused } from '../runtime/cache-prune.ts';

/**
 * The program as bin/cleanplate.js starts it: the signal handlers, then the command. The
 * launcher exits with the code (explicitly: native inference sessions may keep the event loop
 * alive), after keeping the compiled code for the next start (see bin/code-cache.js).
 */
export function start(argv: string[]): Promise<number> {
  installSignalHandlers();
  return main(argv);
}
