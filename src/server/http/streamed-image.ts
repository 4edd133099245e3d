// Judges an image file while its bytes stream to disk, holding only its first 4 MB: the same
// verdict readImageHeader gives on the whole file (format, size; truncated, damaged or not an
// image), without the whole file in memory. What readImageHeader looks at past the first bytes
// is gathered on the way: a PNG's chunk list, whether a JPEG end-of-image marker comes later,
// a GIF's last byte, the length a WebP or BMP must reach. Formats whose headers lie past the
// first 4 MB (a JPEG's metadata, an AVIF's meta box after its data) are refused as such.
import { readImageHeader, type HeaderResult } from '../../core/image-header.ts';

export const HEAD_BYTES = 4 * 1024 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_END = Buffer.from([0xff, 0xd9]);

/** Walks a PNG's chunk list as the bytes arrive, holding at most one chunk header (8 bytes). */
class PngChunks {
  /** Offset of the next chunk header. */
  private next = 8;
  private seen = 0;
  private partial = Buffer.alloc(0);
  readonly types = new Set<string>();
  /** Where the IEND chunk ends, once its header was read. */
  endsAt: number | undefined;

  push(chunk: Buffer): void {
    const base = this.seen;
    this.seen += chunk.length;
    while (this.endsAt === undefined) {
      const from = this.next + this.partial.length - base; // index in `chunk` of the next header byte wanted
      if (from >= chunk.length) return;
      this.partial = Buffer.concat([this.partial, chunk.subarray(from, from + 8 - this.partial.length)]);
      if (this.partial.length < 8) return;
      const type = this.partial.toString('latin1', 4, 8);
      this.types.add(type);
      this.next += 12 + this.partial.readUInt32BE(0);
      if (type === 'IEND') this.endsAt = this.next;
      this.partial = Buffer.alloc(0);
    }
  }
}

const ascii = (b: Buffer, from: number, to: number) => b.toString('latin1', from, to);
const emptyChunk = (type: string) => Buffer.concat([Buffer.alloc(4), Buffer.from(type, 'latin1'), Buffer.alloc(4)]);

export class StreamedImage {
  /** The head as it came (joined when read: joining on every chunk would copy it over and over). */
  private parts: Buffer[] = [];
  private held = 0;
  private joined: Buffer | undefined = Buffer.alloc(0);
  private bytes = 0;

  private png: PngChunks | undefined;
  private sniffed = false;
  private jpeg = false;
  /** A JPEG end-of-image marker starts at or after the head's last byte (so the head cannot show it). */
  private jpegEndLater = false;
  private lastByte = -1;

  /** `headBytes`: how much of the start is held (tests make it small to walk the other paths). */
  constructor(private readonly headBytes = HEAD_BYTES) {}

  private get head(): Buffer {
    this.joined ??= Buffer.concat(this.parts, this.held);
    return this.joined;
  }

  push(chunk: Buffer): void {
    if (!chunk.length) return;
    const start = this.bytes;
    this.bytes += chunk.length;
    if (this.held < this.headBytes) {
      const part = chunk.subarray(0, this.headBytes - this.held);
      this.parts.push(part);
      this.held += part.length;
      this.joined = undefined;
    }
    if (!this.sniffed && this.bytes >= 8) {
      // The format, from the first 8 bytes (the bytes before this chunk are all in the head).
      this.sniffed = true;
      this.jpeg = this.head[0] === 0xff && this.head[1] === 0xd8;
      if (this.head.subarray(0, 8).equals(PNG_SIGNATURE)) {
        this.png = new PngChunks();
        this.png.push(this.head.subarray(0, start));
      }
    }
    this.png?.push(chunk);
    if (this.jpeg && !this.jpegEndLater && this.bytes > this.headBytes - 1) {
      const straddles = this.lastByte === 0xff && chunk[0] === 0xd9 && start - 1 >= this.headBytes - 1;
      const from = Math.max(0, this.headBytes - 1 - start);
      this.jpegEndLater = straddles || chunk.indexOf(JPEG_END, from) >= 0;
    }
    this.lastByte = chunk[chunk.length - 1];
  }

  /**
   * What the bytes so far already tell: the stored size (for refusing too many pixels before
   * the rest arrives), a refusal (not an image at all), or undefined while they tell neither.
   */
  early(): { width: number; height: number } | Extract<HeaderResult, { ok: false }> | undefined {
    const head = this.head;
    if (this.png)
      return head.length >= 24 && ascii(head, 12, 16) === 'IHDR'
        ? { width: head.readUInt32BE(16), height: head.readUInt32BE(20) }
        : undefined;
    const result = readImageHeader(this.jpeg ? Buffer.concat([head, JPEG_END]) : head);
    if (result.ok) return result.header;
    return result.problem === 'not-an-image' && head.length >= 12 ? result : undefined;
  }

  /** readImageHeader's verdict on the whole file, once all its bytes were pushed. */
  verdict(): HeaderResult {
    const head = this.head;
    if (this.bytes === head.length) return readImageHeader(head); // all of it is held
    if (this.png) {
      const { endsAt, types } = this.png;
      if (endsAt === undefined || endsAt > this.bytes) return readImageHeader(head); // the walk runs off the end: truncated
      // The head's IHDR chunk, then the chunk types that matter to the header, then IEND.
      const ihdrEnd = Math.min(head.length, 20 + head.readUInt32BE(8));
      const kept = ['tRNS', 'IDAT'].filter((t) => types.has(t)).map(emptyChunk);
      return readImageHeader(Buffer.concat([head.subarray(0, ihdrEnd), ...kept, emptyChunk('IEND')]));
    }
    if (this.jpeg) {
      // The segments are read from the head; the end-of-image marker may come after it.
      const ended = readImageHeader(Buffer.concat([head, JPEG_END]));
      if (!ended.ok) return ended.problem === 'truncated' ? this.headersPastHead() : ended;
      return this.jpegEndLater ? ended : readImageHeader(head);
    }
    if (ascii(head, 0, 3) === 'GIF') return readImageHeader(Buffer.concat([head, Buffer.from([this.lastByte])])); // its trailer is the last byte
    // WebP and BMP state the length they need at offsets 4 and 2, and their size within the first 30 bytes.
    const webp = ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP';
    if (webp || ascii(head, 0, 2) === 'BM') {
      const stated = webp ? 8 + head.readUInt32LE(4) : head.readUInt32LE(2);
      if (stated > this.bytes) return readImageHeader(head); // truncated
      const first = Buffer.from(head.subarray(0, 30));
      if (webp) first.writeUInt32LE(30 - 8, 4);
      else first.writeUInt32LE(30, 2);
      return readImageHeader(first);
    }
    const rest = readImageHeader(head); // AVIF (its meta box is read from the head) or not an image
    return !rest.ok && rest.problem === 'truncated' ? this.headersPastHead() : rest;
  }

  private headersPastHead(): HeaderResult {
    return {
      ok: false,
      problem: 'corrupt',
      message: `The image's headers run past its first ${this.headBytes % 1048576 ? `${this.headBytes} bytes` : `${this.headBytes / 1048576} MB`}, further than the server reads them: strip its metadata, or send it as PNG.`,
    };
  }
}
