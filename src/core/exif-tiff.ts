// EXIF in a TIFF file. A TIFF is itself the structure EXIF borrows, so the source's EXIF block
// (a small TIFF of its own) is merged into the file's first IFD: its descriptive tags (camera,
// dates, copyright...) where the file has none, and its Exif and GPS sub-IFDs. The merged IFD
// and the sub-IFDs are appended in the file's byte order and the header points at the new IFD;
// the pixels are untouched. (libvips, hence sharp, writes no EXIF into TIFF.) The ICC profile
// goes the same way, as IFD0's InterColorProfile tag.

/** Bytes per value and the unit whose byte order flips (a RATIONAL is two LONGs), by TIFF type. */
const TYPES: Record<number, [size: number, unit: number]> = {
  1: [1, 1],
  2: [1, 1],
  3: [2, 2],
  4: [4, 4],
  5: [8, 4],
  6: [1, 1],
  7: [1, 1],
  8: [2, 2],
  9: [4, 4],
  10: [8, 4],
  11: [4, 4],
  12: [8, 8],
  13: [4, 4],
};
const LONG = 4;
const EXIF_IFD = 0x8769;
const GPS_IFD = 0x8825;
const INTEROP_IFD = 0xa005;
const ICC_PROFILE = 34675;
const UNDEFINED = 7;
/** Tags about the file's own pixels, layout and other metadata blocks: never taken from the source. */
const STRUCTURAL = new Set([
  254,
  255,
  256,
  257,
  258,
  259,
  262,
  266,
  273,
  274,
  277,
  278,
  279,
  284,
  292,
  293,
  317,
  318,
  319,
  320,
  322,
  323,
  324,
  325,
  330,
  338,
  339,
  340,
  341,
  347,
  513,
  514,
  515,
  529,
  530,
  531,
  532,
  700,
  33723,
  34377,
  34675,
  EXIF_IFD,
  GPS_IFD,
  INTEROP_IFD,
]);

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** The value bytes, in the byte order of the file being written. */
  value: Uint8Array;
}

interface Tiff {
  view: DataView;
  little: boolean;
  ifd0: number;
}

function header(bytes: Uint8Array): Tiff | null {
  if (bytes.length < 8) return null;
  const little = bytes[0] === 0x49 && bytes[1] === 0x49;
  if (!little && !(bytes[0] === 0x4d && bytes[1] === 0x4d)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(2, little) !== 42) return null; // BigTIFF (43) and others: left alone
  return { view, little, ifd0: view.getUint32(4, little) };
}

/** An IFD's entries (values copied, in `little` order) and its next-IFD offset. Throws RangeError on a truncated block. */
function readIfd(t: Tiff, at: number, little: boolean): { entries: Entry[]; next: number } {
  const { view } = t;
  const n = view.getUint16(at, t.little);
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const e = at + 2 + 12 * i;
    const [tag, type, count] = [view.getUint16(e, t.little), view.getUint16(e + 2, t.little), view.getUint32(e + 4, t.little)];
    const kind = TYPES[type];
    if (!kind || count * kind[0] > view.byteLength) continue; // unknown type or absurd count: dropped
    const length = count * kind[0];
    const from = length <= 4 ? e + 8 : view.getUint32(e + 8, t.little);
    if (from + length > view.byteLength) throw new RangeError('TIFF value outside the block');
    const value = new Uint8Array(view.buffer, view.byteOffset + from, length).slice();
    if (little !== t.little) for (let u = 0; u < length; u += kind[1]) value.subarray(u, u + kind[1]).reverse();
    entries.push({ tag, type, count, value });
  }
  return { entries, next: view.getUint32(at + 2 + 12 * n, t.little) };
}

const pointer = (tag: number, offset: number, little: boolean): Entry => {
  const value = new Uint8Array(4);
  new DataView(value.buffer).setUint32(0, offset, little);
  return { tag, type: LONG, count: 1, value };
};

const even = (n: number) => n + (n & 1);

/** The IFD at absolute offset `at`: entries sorted by tag, then the values over 4 bytes. */
function writeIfd(entries: Entry[], at: number, next: number, little: boolean): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const tableEnd = at + 2 + 12 * sorted.length + 4;
  let size = tableEnd - at;
  for (const e of sorted) if (e.value.length > 4) size = even(size) + e.value.length;
  const out = new Uint8Array(even(size));
  const view = new DataView(out.buffer);
  view.setUint16(0, sorted.length, little);
  let data = tableEnd - at;
  sorted.forEach((e, i) => {
    const o = 2 + 12 * i;
    view.setUint16(o, e.tag, little);
    view.setUint16(o + 2, e.type, little);
    view.setUint32(o + 4, e.count, little);
    if (e.value.length <= 4) {
      out.set(e.value, o + 8);
    } else {
      data = even(data);
      view.setUint32(o + 8, at + data, little);
      out.set(e.value, data);
      data += e.value.length;
    }
  });
  view.setUint32(2 + 12 * sorted.length, next, little);
  return out;
}

/** `file` (a TIFF) with the EXIF of `exif` (a TIFF block) merged in; unchanged when either cannot be read. */
export function tiffWithExif(file: Uint8Array, exif: Uint8Array): Uint8Array {
  const target = header(file);
  const source = header(exif);
  if (!target || !source) return file;
  try {
    const { little } = target;
    const own = readIfd(target, target.ifd0, little);
    const theirs = readIfd(source, source.ifd0, little).entries;
    const subIfd = (tag: number) => {
      const p = theirs.find((e) => e.tag === tag && e.count === 1 && (e.type === LONG || e.type === 13));
      if (!p) return [];
      const at = new DataView(p.value.buffer).getUint32(0, little);
      return readIfd(source, at, little).entries.filter((e) => e.tag !== INTEROP_IFD);
    };
    const has = new Set(own.entries.map((e) => e.tag));
    const merged = [
      ...own.entries.filter((e) => !(e.tag === EXIF_IFD || e.tag === GPS_IFD)),
      ...theirs.filter((e) => !STRUCTURAL.has(e.tag) && !has.has(e.tag)),
    ];
    const parts: Uint8Array[] = [];
    let end = even(file.length);
    for (const [tag, entries] of [
      [EXIF_IFD, subIfd(EXIF_IFD)],
      [GPS_IFD, subIfd(GPS_IFD)],
    ] as const) {
      if (entries.length === 0) continue;
      const ifd = writeIfd(entries, end, 0, little);
      merged.push(pointer(tag, end, little));
      parts.push(ifd);
      end += ifd.length;
    }
    return appended(file, [...parts, writeIfd(merged, end, own.next, little)], end, little);
  } catch (e) {
    if (e instanceof RangeError) return file;
    throw e;
  }
}

/** `file` (a TIFF) with `icc` as its first IFD's colour profile (replacing any); unchanged when it cannot be read. */
export function tiffWithIcc(file: Uint8Array, icc: Uint8Array): Uint8Array {
  const target = header(file);
  if (!target) return file;
  try {
    const { little } = target;
    const own = readIfd(target, target.ifd0, little);
    const entries = [
      ...own.entries.filter((e) => e.tag !== ICC_PROFILE),
      { tag: ICC_PROFILE, type: UNDEFINED, count: icc.length, value: icc },
    ];
    const at = even(file.length);
    return appended(file, [writeIfd(entries, at, own.next, little)], at, little);
  } catch (e) {
    if (e instanceof RangeError) return file;
    throw e;
  }
}

/** `file` with `blocks` laid end to end from its next even offset, and the header's first-IFD pointer set to `ifd0At`. */
function appended(file: Uint8Array, blocks: Uint8Array[], ifd0At: number, little: boolean): Uint8Array {
  const start = even(file.length);
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, start));
  out.set(file);
  let at = start;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  new DataView(out.buffer).setUint32(4, ifd0At, little);
  return out;
}
