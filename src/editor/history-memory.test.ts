import { describe, expect, it } from 'vitest';
import { pastePixels, patchBetween } from '../core/pixel-patch.ts';
import type { RgbaImage } from '../core/types.ts';
import type { DocumentImage, Edit } from './edits.ts';
import { defaultHistoryBudget, frameBytes, frameRoutes, framesToRelease, historyFrames } from './history-memory.ts';

const MIB = 2 ** 20;

/** A document image with its exact pixels beside it (what the worker keeps for it). */
type Frame = DocumentImage & { pixels: RgbaImage };

function opened(width: number, height: number): Frame {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
  return { width, height, source: {} as CanvasImageSource, file: new Blob(), pixels: { width, height, data } };
}

/** A removal: a filled square at (x, y), as the worker reports it (the result and its patch). */
function removal(before: Frame, x: number, y: number, size: number, value: number): Edit {
  const pixels = { ...before.pixels, data: before.pixels.data.slice() };
  pastePixels(pixels, [x, y, x + size, y + size], new Uint8ClampedArray(size * size * 4).fill(value));
  const patch = patchBetween(before.pixels, pixels);
  const after: Frame = {
    width: before.width,
    height: before.height,
    source: {} as CanvasImageSource,
    pixels,
    patch: { ...patch, from: before },
  };
  return { kind: 'replace-pixels', step: { op: 'inpaint' }, before, after };
}

function upscale(before: Frame): Edit {
  const w = before.width * 2;
  const h = before.height * 2;
  const after: Frame = {
    width: w,
    height: h,
    source: {} as CanvasImageSource,
    pixels: { width: w, height: h, data: new Uint8ClampedArray(w * h * 4) },
  };
  return { kind: 'replace-pixels', step: { op: 'upscale' }, before, after };
}

function history(first: Frame, make: Array<(before: Frame) => Edit>): Edit[] {
  const edits: Edit[] = [];
  let image = first;
  for (const m of make) {
    const e = m(image);
    edits.push(e);
    if (e.kind === 'replace-pixels') image = e.after as Frame;
  }
  return edits;
}

describe('history memory', () => {
  it('budgets a sixteenth of the device memory within 256 MiB..1 GiB, never under two frames', () => {
    expect(defaultHistoryBudget({ width: 8000, height: 6000 }, 8)).toBe(512 * MIB);
    expect(defaultHistoryBudget({ width: 1000, height: 1000 }, 2)).toBe(256 * MIB);
    expect(defaultHistoryBudget({ width: 1000, height: 1000 }, 64)).toBe(1024 * MIB);
    expect(defaultHistoryBudget({ width: 8000, height: 8000 }, 1)).toBe(2 * 8000 * 8000 * 4);
    expect(defaultHistoryBudget({ width: 1000, height: 1000 })).toBe(256 * MIB); // unknown: 4 GB
  });

  it('drops the frames farthest from the one shown, keeping it, the one Compare shows and where rebuilding starts', () => {
    const src = opened(40, 30);
    const edits = history(src, [
      (b) => removal(b, 1, 1, 4, 10),
      (b) => removal(b, 10, 5, 6, 20),
      upscale,
      (b) => removal(b, 30, 30, 8, 30),
      (b) => removal(b, 50, 12, 5, 40),
      (b) => removal(b, 2, 40, 9, 50),
    ]);
    // Two results undone: the frame shown is the one after the fourth.
    const f = historyFrames(edits.slice(0, 4), edits.slice(4).reverse())!;
    expect(f.current).toBe(4);
    expect(f.links.map((l) => l !== null)).toEqual([false, true, true, false, true, true, true]);
    const big = frameBytes(f.frames[3]);
    const released = framesToRelease(f, 2 * big);
    const index = released.map((img) => f.frames.indexOf(img));
    // Never 4 (shown), 3 (Compare; also the upscale's result, where rebuilding starts).
    expect(index).not.toContain(4);
    expect(index).not.toContain(3);
    expect(index[0]).toBe(0); // farthest first: the opened file (its file is decoded again)
    expect(index).toEqual([0, 1, 2, 6, 5]); // 2 and 6 are as far: the earlier goes first
    // Nothing to drop within the budget.
    expect(framesToRelease(f, 100 * big)).toEqual([]);
  });

  it('rebuilds any frame byte for byte along each route, from either side', () => {
    const src = opened(64, 48);
    const edits = history(src, [
      (b) => removal(b, 1, 1, 10, 11),
      (b) => removal(b, 5, 5, 10, 22), // overlaps the first
      (b) => removal(b, 40, 30, 12, 33),
      (b) => removal(b, 20, 20, 20, 44),
    ]);
    const f = historyFrames(edits, [])!;
    for (let t = 0; t < f.frames.length; t++) {
      const routes = frameRoutes(f, t);
      expect(routes).toHaveLength(f.frames.length - 1);
      for (const r of routes) {
        const base = (r.base as Frame).pixels;
        const image = { ...base, data: base.data.slice() };
        for (const c of r.crops) pastePixels(image, c.box, c.pixels);
        expect(image.data).toEqual((f.frames[t] as Frame).pixels.data);
      }
      // Nearest first.
      const distance = routes.map((r) => Math.abs(f.frames.indexOf(r.base) - t));
      expect(distance).toEqual([...distance].sort((a, b) => a - b));
    }
  });

  it('does not route across a result without a patch, and says which bases can be handed over', () => {
    const src = opened(20, 20);
    const edits = history(src, [(b) => removal(b, 1, 1, 3, 9), upscale, (b) => removal(b, 2, 2, 4, 7)]);
    const f = historyFrames(edits, [])!;
    expect(frameRoutes(f, 1).map((r) => f.frames.indexOf(r.base))).toEqual([0]);
    expect(frameRoutes(f, 3).map((r) => f.frames.indexOf(r.base))).toEqual([2]);
    f.frames[0].released = true;
    f.frames[1].released = true;
    expect(frameRoutes(f, 1)[0].canHandOver).toBe(true); // the opened file
    expect(frameRoutes(f, 0)[0].canHandOver).toBe(false); // a dropped result
  });
});
