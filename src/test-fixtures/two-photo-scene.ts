// Test scenes of two photos side by side, captioned: a line of text that crosses from one
// kind of background to another (sky to foliage, a petal to a leaf).
import sharp from 'sharp';
import { captioned, type Caption, type CaptionedPhoto } from './captioned-photo.ts';

/** Where a half of a two-photo scene comes from: `photo` scaled to 960x600, from (left, top). */
export interface Half {
  photo: string;
  left: number;
  top: number;
}

/** A width x height scene of two photos side by side (`left` and `right` halves) with `captions` drawn over it. */
export async function twoPhotoScene(
  width: number,
  height: number,
  left: Half,
  right: Half,
  captions: readonly Caption[],
): Promise<CaptionedPhoto> {
  const piece = ({ photo, left: x, top: y }: Half) =>
    sharp(photo)
      .resize(960, 600, { fit: 'cover' })
      .extract({ left: x, top: y, width: width / 2, height })
      .png()
      .toBuffer();
  const base = await sharp({ create: { width, height, channels: 3, background: '#000' } })
    .composite([
      { input: await piece(left), top: 0, left: 0 },
      { input: await piece(right), top: 0, left: width / 2 },
    ])
    .png()
    .toBuffer();
  return captioned(base, width, height, captions);
}
