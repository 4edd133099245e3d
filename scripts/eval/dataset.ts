// Which data set an eval runs on: the directory given (e.g. ../shared/datasets/dev), or with
// --wider the generated wider set (eval-data/wider, generated first when missing or stale).
// The label (the directory's name: dev, wider) names the eval's outputs in eval-results/.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DEFAULT_OUT, ensureWider } from './wider/generate.ts';

export interface Dataset {
  dir: string;
  label: string;
}

/** The first argument that is neither an option nor the value of one of `valued`. */
export function positional(args: string[], valued: string[] = []): string | undefined {
  return args.find((a, i) => !a.startsWith('--') && !valued.includes(args[i - 1]));
}

export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The data set the arguments name, or a message saying what is wrong. */
export async function dataset(args: string[], sub: string, valued: string[] = []): Promise<Dataset | string> {
  if (args.includes('--wider')) {
    try {
      const dir = resolve(await ensureWider(DEFAULT_OUT));
      return { dir, label: 'wider' };
    } catch (e) {
      return (e as Error).message;
    }
  }
  const dir = positional(args, valued);
  if (!dir) return `no data set given: pass a dataset directory (e.g. ../shared/datasets/dev) or --wider`;
  if (!existsSync(resolve(dir, sub)))
    return `${resolve(dir, sub)} not found: the data set needs a ${sub}/ folder (see ../shared/datasets/README.md)`;
  return { dir: resolve(dir), label: basename(resolve(dir)) };
}

/** `--only a,b`: keeps the case names that contain one of the words (all when not given). */
export function onlyFilter(args: string[]): (name: string) => boolean {
  const words = option(args, '--only')?.split(',').filter(Boolean);
  return (name) => !words?.length || words.some((w) => name.includes(w));
}
