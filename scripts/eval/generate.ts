// `npm run eval -- generate [--out eval-data/wider] [--seed n]`: writes the wider development
// set (see wider/generate.ts): text and hole cases with known truth, in dev's layout.
import { resolve } from 'node:path';
import { DEFAULT_OUT, DEFAULT_SEED, generateWider } from './wider/generate.ts';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<number> {
  const out = resolve(option(args, '--out') ?? DEFAULT_OUT);
  const seedArg = option(args, '--seed');
  const seed = seedArg === undefined ? DEFAULT_SEED : Number(seedArg);
  if (!Number.isInteger(seed)) {
    console.error(`generate: --seed must be an integer, got '${seedArg}'`);
    return 2;
  }
  try {
    const n = await generateWider(out, seed);
    console.log(`wrote ${n.text} text cases and ${n.holes} hole cases to ${out}`);
    return 0;
  } catch (e) {
    console.error(`generate: ${(e as Error).message}`);
    return 2;
  }
}
