// A mask PNG an imported manifest names is checked from its header before the worker decodes
// it, as an opened image is: a decompression bomb named as the mask is refused with its size,
// without being decoded, and the open document is left as it was.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentDigest, importVia } from './fixtures/bundle.ts';
import { DEV } from './fixtures/editor-page.ts';
import { expect, test } from './fixtures/test.ts';

const HOLES = `${DEV}holes/chelsea/`; // image.png, 451 x 300
const BOMB = `${DEV}bad/bomb-40000x40000.png`;

test('a 40000 x 40000 PNG named as the mask is refused from its header', async ({ ed, page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'cleanplate-bomb-mask-'));
  writeFileSync(
    join(folder, 'manifest.json'),
    JSON.stringify({
      job_id: 'bomb-mask',
      source: { file: 'image.png' },
      steps: [{ op: 'inpaint', engine: 'patchmatch', mask: 'mask.png' }],
    }),
  );
  await ed.open(`${DEV}text/chelsea/texted.png`);
  const before = { facts: await ed.facts(), pixels: await documentDigest(page) };

  await importVia(page, [
    join(folder, 'manifest.json'),
    `${HOLES}image.png`,
    { name: 'mask.png', mimeType: 'image/png', buffer: readFileSync(BOMB) },
  ]);
  await expect(ed.errors()).toContainText(
    'mask "mask.png" is 40000 × 40000 pixels, over the 64 megapixels and 32767 pixels a side the editor decodes',
  );
  expect(await ed.facts()).toEqual(before.facts);
  expect(await documentDigest(page)).toEqual(before.pixels);
});
