// The AVIF size is the primary item's: pitm names it, ipma lists its properties, the ispe
// among them is its size. An ispe that belongs to another item (a grid tile) or that sits
// elsewhere in the file (spoofed) must not be taken for it: the size check guards decoding.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from './image-header.ts';

const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16 = (n: number) => [(n >>> 8) & 255, n & 255];
const text = (s: string) => [...s].map((c) => c.charCodeAt(0));
const box = (type: string, ...payload: number[][]) => {
  const body = payload.flat();
  return [...u32(8 + body.length), ...text(type), ...body];
};
const fullBox = (type: string, ...payload: number[][]) => box(type, [0, 0, 0, 0], ...payload);
const ispe = (w: number, h: number) => fullBox('ispe', u32(w), u32(h));
const ftyp = box('ftyp', text('avif'), u32(0), text('mif1avif'));
/** ipma (version 0, 7-bit indexes): item -> 1-based property indexes into ipco. */
const ipma = (entries: [number, number[]][]) =>
  fullBox('ipma', u32(entries.length), ...entries.map(([item, idx]) => [...u16(item), idx.length, ...idx.map((i) => 0x80 | i)]));
const avif = (primary: number, properties: number[][], map: [number, number[]][]) =>
  new Uint8Array([
    ...ftyp,
    ...fullBox('meta', fullBox('pitm', u16(primary)), box('iprp', box('ipco', ...properties), ipma(map))),
    ...box('mdat', [0, 0, 0, 0]),
  ]);

describe('AVIF header size', () => {
  it("reads a sharp-written AVIF's size from its primary item", async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 300, height: 200, channels: 3, background: '#468' } })
        .avif()
        .toBuffer(),
    );
    expect(readImageHeader(bytes)).toMatchObject({ ok: true, header: { format: 'avif', width: 300, height: 200 } });
  });

  it('ignores a spoofed ispe placed before the metadata', async () => {
    const real = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#468' } })
      .avif()
      .toBuffer();
    const ftypEnd = real.readUInt32BE(0);
    const spoof = box('free', ispe(1, 1));
    const bytes = new Uint8Array([...real.subarray(0, ftypEnd), ...spoof, ...real.subarray(ftypEnd)]);
    expect(readImageHeader(bytes)).toMatchObject({ ok: true, header: { width: 300, height: 200 } });
  });

  it("takes a grid's own size, not its first tile's ispe", () => {
    // Property 1 is the 512x512 tile's size, property 2 the 8000x6000 grid's; the grid (item 1) is primary.
    const bytes = avif(
      1,
      [ispe(512, 512), ispe(8000, 6000)],
      [
        [2, [1]],
        [1, [2]],
      ],
    );
    expect(readImageHeader(bytes)).toMatchObject({ ok: true, header: { width: 8000, height: 6000 } });
  });

  it('refuses an AVIF whose primary item has no size', () => {
    const bytes = avif(1, [ispe(512, 512)], [[2, [1]]]);
    expect(readImageHeader(bytes)).toEqual({
      ok: false,
      problem: 'corrupt',
      message: 'The file is damaged: the AVIF primary image has no size (ispe) property.',
    });
  });

  it('says a file cut inside its metadata is truncated', () => {
    const bytes = avif(1, [ispe(64, 64)], [[1, [1]]]);
    expect(readImageHeader(bytes.subarray(0, 60))).toMatchObject({ ok: false, problem: 'truncated' });
  });
});
