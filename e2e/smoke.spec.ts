import { expect, test } from '@playwright/test';

test('the editor page loads cross-origin isolated', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Open image' })).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});
