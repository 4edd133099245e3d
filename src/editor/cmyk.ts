// CMYK JPEGs in the editor. The editor works on a file's own values (decoded without colour
// conversion) and writes its RGB profile back on export; CMYK values have no RGB meaning, so a
// CMYK JPEG is decoded once converted to sRGB through its own profile and kept as a lossless
// PNG of those values: the page and the worker then decode the same sRGB pixels, and the
// export carries no profile (untagged is sRGB), not the CMYK one.

/** The file's pixels converted to sRGB, upright, as a PNG (no profile); rejects when it does not decode. */
export async function srgbFromCmyk(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, {
    imageOrientation: 'from-image',
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'default',
  });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0); // opaque: no premultiplication to lose
    return await canvas.convertToBlob({ type: 'image/png' });
  } finally {
    bitmap.close();
  }
}
