// What each text case of the wider set shows: the overlays' styles, words, fonts, colours and
// where they go. Every style of the issue is here: captions, handles, small timestamps,
// outlined and shadowed text, 35-60% opacity watermarks in light and thin fonts (white and
// black), text over busy texture, multi-word phrases (one box over the whole phrase), and pairs
// of captions beside textured objects, where a sloppy fill would repaint the object.
import type { Rng } from '../../../src/ops/inpaint/prng.ts';
import type { Rgb, TextLook } from './render-text.ts';
import type { FontId } from './sources.ts';

export const TEXT_STYLES = [
  'caption',
  'handle',
  'timestamp',
  'outline',
  'shadow',
  'watermark-white',
  'watermark-black',
  'busy',
  'phrase',
  'near-object',
] as const;
export type TextStyle = (typeof TEXT_STYLES)[number];

/** Where an overlay may go. */
export type Placement = 'anywhere' | 'corner' | 'centre' | 'texture' | 'beside-object';

export interface Overlay {
  style: TextStyle;
  text: string;
  look: TextLook;
  placement: Placement;
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [16, 16, 16];
const YELLOW: Rgb = [255, 214, 40];
const ORANGE: Rgb = [255, 146, 32];
const RED: Rgb = [226, 40, 46];

const CAPTIONS = [
  'Summer at the lake',
  'Morning light',
  'Best of 2024',
  'Weekend sale',
  'Fresh from the garden',
  'Wild & free',
  'Spring is here',
  'Nature walk',
  'Golden hour',
  'Quiet days',
];
const HANDLES = ['@anna.lens', '@wildframes', '@the_green_hour', '@p.moreau', '@birdsong_daily', '@kai.photo', '@meadow_tales'];
const TIMESTAMPS = ['2023-07-14 18:42', '12/05/2022 07:31', '2021.09.03 16:05:22', '08 MAR 2024 11:17', '2019-11-30 09:02:45', "'98 6 21"];
const WATERMARKS = [
  '© Northwind Images',
  'PREVIEW',
  'DO NOT COPY',
  'stockfield.example',
  'SAMPLE',
  '© 2024 Lena Ortiz Photography',
  'proof copy',
];
const PHRASES = [
  'Fresh picked every morning',
  'Visit the old harbour this weekend',
  'Walk slowly and look around',
  'Not for resale without consent',
  'Free entry for children under twelve',
  'See you at the market',
];

const BOLD: FontId[] = [
  'open-sans-bold',
  'roboto-black',
  'cantarell-bold',
  'free-sans-bold',
  'roboto-condensed-bold',
  'free-serif-bold-italic',
];
const REGULAR: FontId[] = ['open-sans', 'roboto', 'cantarell', 'free-serif', 'roboto-light'];
const THIN: FontId[] = ['open-sans-light', 'roboto-thin', 'roboto-light', 'cantarell-thin', 'open-sans-cond-light'];
const MONO: FontId[] = ['free-mono', 'roboto', 'open-sans'];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const size = (rng: Rng, a: number, b: number) => a + rng.int(b - a + 1);
const opacity = (rng: Rng) => +(0.35 + rng.float() * 0.25).toFixed(2);

/** One overlay of `style`, its words and look drawn from `rng`. */
export function overlay(style: TextStyle, rng: Rng): Overlay {
  const plain = (text: string, font: FontId, px: number, colour: Rgb, placement: Placement): Overlay => ({
    style,
    text,
    placement,
    look: { font, size: px, colour, opacity: 1 },
  });
  switch (style) {
    case 'caption':
      return plain(pick(rng, CAPTIONS), pick(rng, BOLD), size(rng, 24, 42), pick(rng, [WHITE, YELLOW, BLACK, RED]), 'anywhere');
    case 'handle':
      return plain(pick(rng, HANDLES), pick(rng, [...REGULAR, ...BOLD]), size(rng, 16, 28), pick(rng, [WHITE, BLACK]), 'corner');
    case 'timestamp':
      return plain(pick(rng, TIMESTAMPS), pick(rng, MONO), size(rng, 11, 15), pick(rng, [ORANGE, WHITE, YELLOW]), 'corner');
    case 'outline': {
      const fill = pick(rng, [WHITE, YELLOW]);
      const o = plain(pick(rng, CAPTIONS), pick(rng, BOLD), size(rng, 26, 44), fill, 'anywhere');
      o.look.outline = { width: +(1.5 + rng.float() * 1.5).toFixed(1), colour: BLACK };
      return o;
    }
    case 'shadow': {
      const o = plain(pick(rng, [...CAPTIONS, ...HANDLES]), pick(rng, [...BOLD, ...REGULAR]), size(rng, 22, 40), WHITE, 'anywhere');
      const off = 2 + rng.int(2);
      o.look.shadow = { dx: off, dy: off, sigma: +(1 + rng.float() * 1.5).toFixed(1), opacity: 0.8, colour: [0, 0, 0] };
      return o;
    }
    case 'watermark-white':
    case 'watermark-black': {
      const o = plain(
        pick(rng, WATERMARKS),
        pick(rng, THIN),
        size(rng, 30, 64),
        style === 'watermark-white' ? WHITE : BLACK,
        rng.float() < 0.6 ? 'centre' : 'anywhere',
      );
      o.look.opacity = opacity(rng);
      return o;
    }
    case 'busy':
      return plain(
        pick(rng, [...CAPTIONS, ...HANDLES]),
        pick(rng, [...BOLD, ...REGULAR]),
        size(rng, 18, 32),
        pick(rng, [WHITE, BLACK, YELLOW]),
        'texture',
      );
    case 'phrase': {
      const o = plain(pick(rng, PHRASES), pick(rng, [...REGULAR, ...BOLD]), size(rng, 18, 30), pick(rng, [WHITE, BLACK]), 'anywhere');
      if (rng.float() < 0.4) o.look.shadow = { dx: 2, dy: 2, sigma: 1.2, opacity: 0.7, colour: [0, 0, 0] };
      return o;
    }
    case 'near-object':
      return plain(pick(rng, CAPTIONS), pick(rng, BOLD), size(rng, 20, 32), pick(rng, [WHITE, YELLOW]), 'beside-object');
  }
}

/** The styles of text case number `k` (0-based) on a view with or without objects and texture. */
export function caseStyles(k: number, hasObjects: boolean, hasTexture: boolean): TextStyle[] {
  const rota: TextStyle[] = ['caption', 'watermark-white', 'timestamp', 'outline', 'watermark-black', 'handle', 'shadow', 'phrase'];
  const styles: TextStyle[] = [];
  if (hasObjects) styles.push('near-object', 'near-object');
  if (hasTexture) styles.push('busy');
  const others = styles.length >= 2 ? 2 : 3;
  for (let i = 0; i < others; i++) styles.push(rota[(k * 3 + i) % rota.length]);
  return styles;
}
