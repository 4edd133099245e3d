// The history's full-size pixels within a memory budget. Each operation result is a frame
// (the image after it); a same-size result also carries its patch (core/pixel-patch.ts: the
// changed box, before and after), so any frame can be rebuilt from a neighbour by pasting crops.
// Past the budget the frames farthest from the one shown drop their bitmaps; undo and redo
// rebuild a dropped frame in the worker (from its memory, its stash on disk, or a neighbour plus
// crops), byte for byte. Kept whatever the budget: the frame shown, the frame Compare shows (the
// one before it), and every frame no patch leads to (a size change such as an upscale, a result
// that came without a patch): those are where rebuilding starts. The opened source never needs
// keeping: the worker decodes its file again.
import type { PatchCrop } from '../worker/client.ts';
import type { DocumentImage, Edit } from './edits.ts';

type PixelEdit = Extract<Edit, { kind: 'replace-pixels' }>;

/** Memory a frame's bitmap takes: 4 bytes a pixel. */
export const frameBytes = (image: { width: number; height: number }) => image.width * image.height * 4;

const MIB = 2 ** 20;

/**
 * The default budget for the history's bitmaps: a sixteenth of the device's memory
 * (navigator.deviceMemory, in GB, which browsers round and cap; 4 when unknown), between
 * 256 MiB and 1 GiB, and never less than two frames of the image (the one shown and the one
 * Compare shows). 8 GB gives 512 MiB: two frames of a 48 MP photo, five of a 24 MP one.
 */
export function defaultHistoryBudget(image: { width: number; height: number }, deviceMemoryGb?: number): number {
  const gb = deviceMemoryGb && deviceMemoryGb > 0 ? deviceMemoryGb : 4;
  const share = Math.min(1024 * MIB, Math.max(256 * MIB, (gb * 1024 * MIB) / 16));
  return Math.max(share, 2 * frameBytes(image));
}

/** The history's frames in time order, the patch between each and the one before, and the one shown. */
export interface HistoryFrames {
  /** frames[0] is the image before the first result; frames[i] the image after result i. */
  frames: DocumentImage[];
  /** links[i]: the patch from frames[i - 1] to frames[i]; null when there is none (links[0] always). */
  links: (NonNullable<DocumentImage['patch']> | null)[];
  /** The index of the frame shown: the number of results done. */
  current: number;
}

/** The frames of a history (done, then undone in redo order), or null when it holds no result. */
export function historyFrames(done: readonly Edit[], undone: readonly Edit[]): HistoryFrames | null {
  const isPixels = (e: Edit): e is PixelEdit => e.kind === 'replace-pixels';
  const results = [...done, ...[...undone].reverse()].filter(isPixels);
  if (results.length === 0) return null;
  const frames = [results[0].before, ...results.map((e) => e.after)];
  const links = [null, ...results.map((e) => (e.after.patch && e.after.patch.from === e.before ? e.after.patch : null))];
  return { frames, links, current: done.filter(isPixels).length };
}

/** Frames whose bitmap must stay: the one shown, the one Compare shows, and where rebuilding starts. */
function kept(f: HistoryFrames, i: number): boolean {
  if (i === f.current || i === f.current - 1) return true;
  // The first frame of a run joined by patches: the opened file (the worker decodes it again), else kept.
  return f.links[i] === null && !(i === 0 && f.frames[0].file);
}

/** The frames to drop, farthest from the one shown first, until the bitmaps held fit in `budget` bytes. */
export function framesToRelease(f: HistoryFrames, budget: number): DocumentImage[] {
  const held = f.frames.map((image, i) => ({ image, i })).filter(({ image }) => !image.released);
  let bytes = held.reduce((sum, { image }) => sum + frameBytes(image), 0);
  const out: DocumentImage[] = [];
  const candidates = held.filter(({ i }) => !kept(f, i)).sort((a, b) => Math.abs(b.i - f.current) - Math.abs(a.i - f.current));
  for (const { image } of candidates) {
    if (bytes <= budget) break;
    out.push(image);
    bytes -= frameBytes(image);
  }
  return out;
}

/** A way to rebuild a frame: a neighbour to start from and the crops to paste on it, in order. */
export interface FrameRoute {
  base: DocumentImage;
  crops: PatchCrop[];
  /** Whether the page can hand the neighbour to the worker (its bitmap is held, or it is the opened file). */
  canHandOver: boolean;
}

/**
 * Every neighbour frame `target` can be rebuilt from through patches, nearest first: an earlier
 * frame with the later results' `after` crops pasted, or a later one with `before` crops pasted
 * backwards.
 */
export function frameRoutes(f: HistoryFrames, target: number): FrameRoute[] {
  const route = (base: DocumentImage, crops: PatchCrop[]): FrameRoute => ({ base, crops, canHandOver: !base.released || !!base.file });
  const down: FrameRoute[] = [];
  const forward: PatchCrop[] = [];
  for (let j = target - 1; j >= 0 && f.links[j + 1]; j--) {
    const link = f.links[j + 1]!;
    forward.unshift({ box: link.box, pixels: link.after });
    down.push(route(f.frames[j], [...forward]));
  }
  const up: FrameRoute[] = [];
  const backward: PatchCrop[] = [];
  for (let j = target + 1; j < f.frames.length && f.links[j]; j++) {
    const link = f.links[j]!;
    backward.unshift({ box: link.box, pixels: link.before });
    up.push(route(f.frames[j], [...backward]));
  }
  const out: FrameRoute[] = [];
  for (let d = 0; d < Math.max(down.length, up.length); d++) out.push(...(down[d] ? [down[d]] : []), ...(up[d] ? [up[d]] : []));
  return out;
}
