// The cleanplate command: one list of subcommands, one place that turns failures into
// exit codes (0 ok, 2 bad input or usage with a one-line message, 1 internal error).
import { apply } from './commands/apply.ts';
import { batch } from './commands/batch.ts';
import { detect } from './commands/detect.ts';
import { inpaint } from './commands/inpaint.ts';
import { removeText } from './commands/remove-text.ts';
import { upscale } from './commands/upscale.ts';
import type { Command } from './command.ts';
import { installSignalHandlers } from './interrupt.ts';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, exitCodeOf, oneLine, UsageError } from './errors.ts';

const COMMANDS: Command[] = [apply, inpaint, removeText, upscale, detect, batch];

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
    return await command.run(rest);
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

installSignalHandlers();
// Exit explicitly: native inference sessions may keep the event loop alive.
process.exit(await main(process.argv.slice(2)));
