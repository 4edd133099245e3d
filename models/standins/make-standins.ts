// Stand-in ONNX graphs with exactly the input/output names, types and shapes of the MI-GAN
// and LaMa files (../shared/models/MODELS.md), which cannot be obtained here. They compute
// something checkable: the known pixels pass through, the hole becomes one known colour.
// That lets tests prove the adapters' mask polarity, value ranges and crop/resize/paste.
// `node --import tsx models/standins/make-standins.ts <dir>` writes them to <dir>.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataType, encodeModel } from './onnx-writer.ts';

/** The colour the stand-ins paint into holes (RGB bytes). */
export const STANDIN_HOLE_RGB = [200, 40, 120] as const;

/** MI-GAN pipeline: image uint8 [1,3,H,W] RGB, mask uint8 [1,1,H,W] 255 = keep -> result uint8 [1,3,H,W]. */
export function miganStandin(): Uint8Array {
  return encodeModel({
    name: 'migan-standin',
    inputs: [
      { name: 'image', type: DataType.UINT8, dims: [1, 3, 'H', 'W'] },
      { name: 'mask', type: DataType.UINT8, dims: [1, 1, 'H', 'W'] },
    ],
    outputs: [{ name: 'result', type: DataType.UINT8, dims: [1, 3, 'H', 'W'] }],
    initializers: [
      { name: 'k255', dims: [], floats: [255] },
      { name: 'one', dims: [], floats: [1] },
      { name: 'colour', dims: [1, 3, 1, 1], floats: [...STANDIN_HOLE_RGB] },
    ],
    nodes: [
      { op: 'Cast', inputs: ['mask'], outputs: ['maskF'], attributes: [{ name: 'to', int: DataType.FLOAT }] },
      { op: 'Div', inputs: ['maskF', 'k255'], outputs: ['keep'] },
      { op: 'Sub', inputs: ['one', 'keep'], outputs: ['fill'] },
      { op: 'Cast', inputs: ['image'], outputs: ['imageF'], attributes: [{ name: 'to', int: DataType.FLOAT }] },
      { op: 'Mul', inputs: ['imageF', 'keep'], outputs: ['kept'] },
      { op: 'Mul', inputs: ['colour', 'fill'], outputs: ['painted'] },
      { op: 'Add', inputs: ['kept', 'painted'], outputs: ['sum'] },
      { op: 'Round', inputs: ['sum'], outputs: ['rounded'] },
      { op: 'Cast', inputs: ['rounded'], outputs: ['result'], attributes: [{ name: 'to', int: DataType.UINT8 }] },
    ],
  });
}

/**
 * LaMa: image float32 [1,3,512,512] RGB 0..1, mask float32 [1,1,512,512] 1 = hole ->
 * output float32 [1,3,512,512], in 0..1 or (like some exports) 0..255.
 */
export function lamaStandin(outputRange: 1 | 255): Uint8Array {
  return encodeModel({
    name: `lama-standin-${outputRange}`,
    inputs: [
      { name: 'image', type: DataType.FLOAT, dims: [1, 3, 512, 512] },
      { name: 'mask', type: DataType.FLOAT, dims: [1, 1, 512, 512] },
    ],
    outputs: [{ name: 'output', type: DataType.FLOAT, dims: [1, 3, 512, 512] }],
    initializers: [
      { name: 'one', dims: [], floats: [1] },
      { name: 'range', dims: [], floats: [outputRange] },
      { name: 'colour', dims: [1, 3, 1, 1], floats: STANDIN_HOLE_RGB.map((v) => v / 255) },
    ],
    nodes: [
      { op: 'Sub', inputs: ['one', 'mask'], outputs: ['keep'] },
      { op: 'Mul', inputs: ['image', 'keep'], outputs: ['kept'] },
      { op: 'Mul', inputs: ['colour', 'mask'], outputs: ['painted'] },
      { op: 'Add', inputs: ['kept', 'painted'], outputs: ['unit'] },
      { op: 'Mul', inputs: ['unit', 'range'], outputs: ['output'] },
    ],
  });
}

export interface StandinFiles {
  migan: string;
  lama: string;
  lama255: string;
}

/** Writes the stand-ins into `dir` under the registry's file names (LaMa 0..255 beside it). */
export function writeStandins(dir: string): StandinFiles {
  mkdirSync(dir, { recursive: true });
  const files = {
    migan: join(dir, 'migan_pipeline_v2.onnx'),
    lama: join(dir, 'lama_fp32.onnx'),
    lama255: join(dir, 'lama_fp32_0-255.onnx'),
  };
  writeFileSync(files.migan, miganStandin());
  writeFileSync(files.lama, lamaStandin(1));
  writeFileSync(files.lama255, lamaStandin(255));
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node --import tsx models/standins/make-standins.ts <dir>');
    process.exit(2);
  }
  console.log(writeStandins(resolve(dir)));
}
