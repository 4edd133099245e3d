// A small checkerboard tile shown behind transparent images.
let tile: HTMLCanvasElement | null = null;

export function checkerTile(): HTMLCanvasElement {
  if (tile) return tile;
  tile = document.createElement('canvas');
  tile.width = tile.height = 16;
  const ctx = tile.getContext('2d')!;
  ctx.fillStyle = '#d9d9d9';
  ctx.fillRect(0, 0, 16, 16);
  ctx.fillStyle = '#f4f4f4';
  ctx.fillRect(0, 0, 8, 8);
  ctx.fillRect(8, 8, 8, 8);
  return tile;
}
