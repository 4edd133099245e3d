// `npm run eval -- all <dataset dir> | --wider [--engine <id>] [--shiftmap] [--tables-only]`: runs the detect,
// holes and text reports on one set, then prints the figures of issue #11's table side by side
// with their targets and writes them to eval-results/all-<set>.json. (Speed and memory are
// `npm run bench`'s.) --tables-only prints the table from the reports' last JSON files.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataset } from './dataset.ts';
import { run as detect } from './detect.ts';
import { run as holes } from './holes.ts';
import { run as text } from './text.ts';

interface Line {
  measure: string;
  ours: number | string;
  telea: number | string;
  shiftmap: number | string;
  target: string;
  met: boolean;
}

export async function run(args: string[]): Promise<number> {
  const ds = await dataset(args, 'text', ['--engine']);
  if (typeof ds === 'string') {
    console.error(`all: ${ds}\nusage: npm run eval -- all <dataset dir> | --wider [--engine <id>] [--shiftmap] [--tables-only]`);
    return 2;
  }
  const engine = args.includes('--engine') ? ['--engine', args[args.indexOf('--engine') + 1]] : [];
  // --tables-only: the table from the reports' last JSON files, without running them again
  const again = !args.includes('--tables-only');
  const codes = {
    detect: again ? await detect([ds.dir]) : null,
    holes: again ? await holes([ds.dir, ...engine, ...(args.includes('--shiftmap') ? ['--shiftmap'] : [])]) : null,
    text: again ? await text([ds.dir, ...engine]) : null,
  };
  if (Object.values(codes).some((c) => c === 2)) return 2;
  const read = (kind: string) => JSON.parse(readFileSync(resolve('eval-results', `${kind}-${ds.label}.json`), 'utf8'));
  const d = read('detect'),
    h = read('holes').summary,
    t = read('text').summary;
  const sm = h.shiftmap !== undefined;
  const lines: Line[] = [
    {
      measure: 'hole fill, mean PSNR in the hole (dB)',
      ours: h.psnr,
      telea: h.telea,
      shiftmap: sm ? h.shiftmap : '(--shiftmap)',
      target: '>= Telea and ShiftMap',
      met: h.psnr >= h.telea && (!sm || h.psnr >= h.shiftmap),
    },
    {
      measure: 'worst case vs Telea (dB)',
      ours: `${h.worstVsTelea} (${h.worstCase})`,
      telea: 0,
      shiftmap: sm ? h.shiftmapWorstVsTelea : '',
      target: '>= -3',
      met: h.worstVsTelea >= -3,
    },
    {
      measure: 'gradient ratio (blur ~0.55)',
      ours: h.grad,
      telea: h.teleaGrad,
      shiftmap: sm ? h.shiftmapGrad : '',
      target: '0.8-1.2',
      met: h.grad >= 0.8 && h.grad <= 1.2,
    },
    {
      measure: 'hole fill: pixels changed far from the mask',
      ours: h.changedFar,
      telea: '',
      shiftmap: '',
      target: '0',
      met: h.changedFar === 0,
    },
    {
      measure: 'remove-text, own detection: PSNR in text areas (dB)',
      ours: t.psnrOwn,
      telea: `${t.psnrTelea} (true mask)`,
      shiftmap: '',
      target: '>= 23',
      met: t.psnrOwn >= 23,
    },
    {
      measure: 'remove-text given the true boxes (dB)',
      ours: t.psnrTrueBoxes ?? '',
      telea: '',
      shiftmap: '',
      target: '(diagnostic)',
      met: true,
    },
    {
      measure: 'our fill on the true mask (dB)',
      ours: t.psnrTrueMask ?? '',
      telea: t.psnrTelea,
      shiftmap: '',
      target: '(diagnostic)',
      met: true,
    },
    {
      measure: 'remove-text: % of pixels > 48 px from text changed',
      ours: t.far48Percent,
      telea: '',
      shiftmap: '',
      target: '0',
      met: t.far48Percent === 0,
    },
    {
      measure: 'remove-text: pixels changed outside boxes + 8 px',
      ours: `${t.changedOutsideBoxes} in ${t.casesChangedOutsideBoxes} cases`,
      telea: '',
      shiftmap: '',
      target: '0',
      met: t.changedOutsideBoxes === 0,
    },
    {
      measure: 'text detection recall / precision',
      ours: `${d.recall.toFixed(3)} / ${d.precision.toFixed(3)}`,
      telea: '',
      shiftmap: '',
      target: '>= 0.95 / >= 0.90',
      met: d.recall >= 0.95 && d.precision >= 0.9,
    },
    { measure: 'detection one 960 px photo (ms)', ours: d.ms960, telea: '', shiftmap: '', target: '<= 1000', met: d.ms960 <= 1000 },
  ];
  console.log(`\nissue #11's figures on ${ds.label} (${ds.dir}):`);
  console.table(lines);
  const file = resolve('eval-results', `all-${ds.label}.json`);
  writeFileSync(file, JSON.stringify({ dataset: ds.dir, lines, codes }, null, 1));
  console.log(`wrote ${file}`);
  return lines.every((l) => l.met) ? 0 : 1;
}
