// The 960x600 views of the photographs the wider set uses, each annotated by eye (looking at
// the view with a 96x100 px grid over it) with where its kinds of content lie, so that a case
// can put a hole or a caption where it tests what it names. Rectangles are [x0, y0, x1, y1]
// and lines [x0, y0, x1, y1] in view pixels.
import type { PhotoId } from './sources.ts';

export const VIEW_WIDTH = 960;
export const VIEW_HEIGHT = 600;

export type Rect = [number, number, number, number];

export interface View {
  name: string;
  photo: PhotoId;
  /** Region of the photo [left, top, width, height] scaled to 960x600; null: the whole photo, centre-cropped to 16:10. */
  crop: [number, number, number, number] | null;
  /** Smooth areas (sky, blurred background): where a kite or a bird would be. */
  smooth?: Rect[];
  /** Busy texture (grass, foliage, water, wood grain). */
  texture?: Rect[];
  /** Straight edges (horizon, stem, plank gap), from end to end. */
  edges?: [number, number, number, number][];
  /** Textured objects (drops, flowers, a ladybird, seeds) that a fill of a caption beside them must not repaint. */
  objects?: Rect[];
}

export const VIEWS: View[] = [
  { name: 'aqua-full', photo: 'Aqua', crop: null, smooth: [[90, 290, 460, 500]], objects: [[520, 220, 820, 500]] },
  { name: 'aqua-drop', photo: 'Aqua', crop: [1250, 500, 960, 600], smooth: [[460, 30, 860, 125]], objects: [[150, 140, 900, 600]] },
  { name: 'blinds-full', photo: 'Blinds', crop: null, texture: [[0, 0, 960, 600]] },
  { name: 'blinds-veins', photo: 'Blinds', crop: [300, 250, 960, 600], texture: [[0, 0, 960, 600]] },
  {
    name: 'dune-full',
    photo: 'Dune',
    crop: null,
    smooth: [[720, 10, 950, 120]],
    texture: [[0, 320, 960, 600]],
    edges: [[0, 193, 960, 193]],
  },
  {
    name: 'dune-horizon',
    photo: 'Dune',
    crop: [600, 0, 960, 600],
    smooth: [[300, 10, 940, 140]],
    edges: [[0, 305, 960, 305]],
  },
  { name: 'freshflower-full', photo: 'FreshFlower', crop: null, texture: [[0, 0, 960, 600]], objects: [[380, 260, 620, 520]] },
  {
    name: 'freshflower-petals',
    photo: 'FreshFlower',
    crop: [300, 300, 960, 600],
    smooth: [[560, 20, 940, 280]],
    objects: [[300, 250, 700, 600]],
  },
  { name: 'garden-full', photo: 'Garden', crop: null, smooth: [[20, 20, 320, 420]], objects: [[350, 115, 960, 590]] },
  { name: 'garden-bokeh', photo: 'Garden', crop: [0, 0, 1280, 800], smooth: [[40, 40, 860, 520]] },
  { name: 'meadow-full', photo: 'GreenMeadow', crop: null, texture: [[0, 0, 960, 600]] },
  { name: 'meadow-blades', photo: 'GreenMeadow', crop: [160, 250, 960, 600], texture: [[0, 0, 960, 600]] },
  {
    name: 'ladybird-full',
    photo: 'LadyBird',
    crop: null,
    smooth: [[10, 300, 190, 580]],
    edges: [[230, 150, 960, 460]],
    objects: [
      [624, 262, 724, 370],
      [40, 0, 240, 250],
    ],
  },
  {
    name: 'ladybird-stem',
    photo: 'LadyBird',
    crop: [1250, 450, 960, 600],
    smooth: [[20, 10, 540, 200]],
    edges: [[0, 215, 400, 372]],
    objects: [[420, 260, 670, 520]],
  },
  {
    name: 'raindrops-full',
    photo: 'RainDrops',
    crop: null,
    texture: [
      [680, 120, 960, 600],
      [100, 260, 700, 590],
    ],
    objects: [[170, 225, 524, 564]],
  },
  { name: 'raindrops-leaf', photo: 'RainDrops', crop: [600, 300, 960, 600], texture: [[0, 0, 960, 600]], objects: [[130, 330, 510, 560]] },
  {
    name: 'storm-full',
    photo: 'Storm',
    crop: null,
    smooth: [[100, 30, 900, 330]],
    edges: [[0, 397, 960, 374]],
    texture: [[0, 420, 960, 600]],
  },
  { name: 'storm-road', photo: 'Storm', crop: [500, 500, 960, 600], smooth: [[20, 20, 940, 250]], edges: [[0, 308, 960, 287]] },
  { name: 'twowings-full', photo: 'TwoWings', crop: null, smooth: [[20, 80, 280, 540]], objects: [[310, 150, 910, 600]] },
  { name: 'twowings-seeds', photo: 'TwoWings', crop: [800, 450, 960, 600], smooth: [[20, 10, 480, 230]], objects: [[0, 170, 960, 600]] },
  { name: 'wood-full', photo: 'Wood', crop: null, texture: [[0, 0, 960, 600]], edges: [[146, 8, 960, 408]] },
  { name: 'wood-planks', photo: 'Wood', crop: [800, 700, 960, 600], texture: [[0, 0, 960, 600]], edges: [[508, 0, 960, 236]] },
  { name: 'yellowflower-full', photo: 'YellowFlower', crop: null, smooth: [[10, 10, 280, 270]], objects: [[709, 379, 960, 594]] },
  { name: 'yellowflower-petals', photo: 'YellowFlower', crop: [1400, 300, 960, 600], texture: [[0, 0, 960, 600]] },
];
