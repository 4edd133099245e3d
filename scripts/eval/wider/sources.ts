// The photographs and fonts the wider development set is built from: Debian packages only, so
// the set is the same on every machine that installs them, and nothing here is in
// ../shared/datasets. Only photographs qualify: every picture of lomiri-wallpapers and
// ukui-wallpapers, and mate-backgrounds' abstract/ and desktop/ folders, is a drawing,
// rendering or abstract art (looked at one by one), so all photos come from mate's nature/.
import { existsSync } from 'node:fs';

export interface SourcePackage {
  apt: string;
  files: string[];
}

const NATURE = '/usr/share/backgrounds/mate/nature';

/** Photographs (mate-backgrounds, nature): file name -> what it shows. */
export const PHOTOS = {
  Aqua: `${NATURE}/Aqua.jpg`, // water drop splash on blurred water: smooth gradients, one object
  Blinds: `${NATURE}/Blinds.jpg`, // backlit leaf: straight veins, fine texture
  Dune: `${NATURE}/Dune.jpg`, // dune grass, sea and sky: a horizon, busy grass
  FreshFlower: `${NATURE}/FreshFlower.jpg`, // orange petals filling the frame
  Garden: `${NATURE}/Garden.jpg`, // marigold on a soft green/orange background
  GreenMeadow: `${NATURE}/GreenMeadow.jpg`, // young grass blades: busy texture
  LadyBird: `${NATURE}/LadyBird.jpg`, // ladybird on a stem among forget-me-nots
  RainDrops: `${NATURE}/RainDrops.jpg`, // leaves with rain drops
  Storm: `${NATURE}/Storm.jpg`, // storm clouds over a field and a road: a straight horizon
  TwoWings: `${NATURE}/TwoWings.jpg`, // dandelion seeds on a blurred orange background
  Wood: `${NATURE}/Wood.jpg`, // weathered planks: straight edges, wood grain
  YellowFlower: `${NATURE}/YellowFlower.jpg`, // yellow petals on a dark background
} as const;
export type PhotoId = keyof typeof PHOTOS;

/** Font files (regular, light, thin, bold, condensed, serif, mono) and the family Pango knows them by. */
export const FONTS = {
  'open-sans': { file: '/usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf', pango: 'Open Sans' },
  'open-sans-light': { file: '/usr/share/fonts/truetype/open-sans/OpenSans-Light.ttf', pango: 'Open Sans Light' },
  'open-sans-bold': { file: '/usr/share/fonts/truetype/open-sans/OpenSans-Bold.ttf', pango: 'Open Sans Bold' },
  'open-sans-cond-light': { file: '/usr/share/fonts/truetype/open-sans/OpenSans-CondLight.ttf', pango: 'Open Sans Condensed Light' },
  roboto: { file: '/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf', pango: 'Roboto' },
  'roboto-thin': { file: '/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Thin.ttf', pango: 'Roboto Thin' },
  'roboto-light': { file: '/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Light.ttf', pango: 'Roboto Light' },
  'roboto-black': { file: '/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Black.ttf', pango: 'Roboto Black' },
  'roboto-condensed-bold': {
    file: '/usr/share/fonts/truetype/roboto/unhinted/RobotoCondensed-Bold.ttf',
    pango: 'Roboto Condensed Bold',
  },
  cantarell: { file: '/usr/share/fonts/opentype/cantarell/Cantarell-Regular.otf', pango: 'Cantarell' },
  'cantarell-thin': { file: '/usr/share/fonts/opentype/cantarell/Cantarell-Thin.otf', pango: 'Cantarell Thin' },
  'cantarell-bold': { file: '/usr/share/fonts/opentype/cantarell/Cantarell-Bold.otf', pango: 'Cantarell Bold' },
  'free-sans-bold': { file: '/usr/share/fonts/truetype/freefont/FreeSansBold.ttf', pango: 'FreeSans Bold' },
  'free-serif': { file: '/usr/share/fonts/truetype/freefont/FreeSerif.ttf', pango: 'FreeSerif' },
  'free-serif-bold-italic': { file: '/usr/share/fonts/truetype/freefont/FreeSerifBoldItalic.ttf', pango: 'FreeSerif Bold Italic' },
  'free-mono': { file: '/usr/share/fonts/truetype/freefont/FreeMono.ttf', pango: 'FreeMono' },
} as const;
export type FontId = keyof typeof FONTS;

/** Which apt package provides each path prefix. */
const PACKAGE_OF: [string, string][] = [
  ['/usr/share/backgrounds/mate/', 'mate-backgrounds'],
  ['/usr/share/fonts/truetype/open-sans/', 'fonts-open-sans'],
  ['/usr/share/fonts/truetype/roboto/', 'fonts-roboto-unhinted'],
  ['/usr/share/fonts/opentype/cantarell/', 'fonts-cantarell'],
  ['/usr/share/fonts/truetype/freefont/', 'fonts-freefont-ttf'],
];

/** The apt packages the set needs. */
export const APT_PACKAGES = [...new Set(PACKAGE_OF.map(([, p]) => p))];

/**
 * The source files that are missing, with the apt packages that provide them; empty when all
 * are installed.
 */
export function missingSources(): { files: string[]; packages: string[] } {
  const all = [...Object.values(PHOTOS), ...Object.values(FONTS).map((f) => f.file)];
  const files = all.filter((f) => !existsSync(f));
  const packages = [...new Set(files.map((f) => PACKAGE_OF.find(([prefix]) => f.startsWith(prefix))?.[1] ?? '?'))];
  return { files, packages };
}

/** A message for the user when sources are missing, or null. */
export function missingSourcesMessage(): string | null {
  const { files, packages } = missingSources();
  if (!files.length) return null;
  return (
    `the wider eval set is built from Debian packages that are not installed here (${files.length} files missing, e.g. ${files[0]}).\n` +
    `Install them with:  sudo apt-get install ${packages.join(' ')}\n(all it needs: ${APT_PACKAGES.join(' ')})`
  );
}
