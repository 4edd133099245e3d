// Which fields of a step are coordinates, and of what kind. Every op declares its own, so
// checks that depend on the image size (inside the image, scaled after an upscale) are
// generic instead of keyed on field names. Coordinates in a manifest are source pixels.

/**
 * - box: one [x0, y0, x1, y1] (right and bottom exclusive); must lie inside the image, and be
 *   whole pixels of the image the step runs on once scaled.
 * - boxes: a list of such boxes, each checked as a box.
 * - strokes: brush strokes (points and width scale; no whole-pixel rule: they are rasterised).
 * - mask-file: a PNG path at source size; the host reads it and enlarges it to the image.
 */
export type CoordinateKind = 'box' | 'boxes' | 'strokes' | 'mask-file';

/** Field name -> kind, in the order the fields are checked (and their problems reported). */
export type Coordinates = Readonly<Record<string, CoordinateKind>>;

export type BoxTuple = readonly [number, number, number, number];

/** Every box a step holds, with its field label ("region", "boxes[2]"), in declaration order. */
export function boxFields(step: Readonly<Record<string, unknown>>, coordinates: Coordinates): { field: string; box: BoxTuple }[] {
  return Object.entries(coordinates).flatMap(([name, kind]) => {
    const value = step[name];
    if (value === undefined) return [];
    if (kind === 'box') return [{ field: name, box: value as BoxTuple }];
    if (kind === 'boxes') return (value as BoxTuple[]).map((box, i) => ({ field: `${name}[${i}]`, box }));
    return [];
  });
}

/** One line per box of the step that reaches past the image: "region [..] must lie inside the WxH image". */
export function boxesOutside(
  step: Readonly<Record<string, unknown>>,
  coordinates: Coordinates,
  size: { width: number; height: number },
): string[] {
  const inside = `must lie inside the ${size.width}x${size.height} image`;
  return boxFields(step, coordinates)
    .filter(({ box: [, , x1, y1] }) => x1 > size.width || y1 > size.height)
    .map(({ field, box }) => `${field} [${box.join(', ')}] ${inside}`);
}
