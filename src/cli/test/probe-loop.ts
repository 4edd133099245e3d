// A process that checks an output folder and writes a result there over and over, with the
// command's signal handlers, until it is stopped: output-files.test.ts signals it wherever it
// happens to be.
import { join } from 'node:path';
import { installSignalHandlers } from '../interrupt.ts';
import { checkOutputFolder, writeFileAtomic } from '../output-files.ts';

installSignalHandlers();
const folder = process.argv[2];
for (let n = 1; ; n++) {
  await checkOutputFolder(join(folder, 'result.png'));
  await writeFileAtomic(join(folder, 'result.png'), `result ${n}`);
  if (n === 200) process.stdout.write('checking\n');
}
