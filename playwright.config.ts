import { defineConfig } from '@playwright/test';

// Real Chromium from Debian (Playwright cannot download browsers here).
// E2E_PORT lets several checkouts run their suites side by side.
const port = Number(process.env.E2E_PORT ?? 4317);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--js-flags=--max-old-space-size=4096',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  // The test build (production plus the test hooks, which the production build leaves out),
  // made here so a run never tests a stale or production dist/.
  webServer: {
    command: `vite build --mode e2e --outDir dist-e2e --emptyOutDir --logLevel warn && node --import tsx e2e/serve.ts`,
    env: { PORT: String(port) },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    // SIGTERM, not the default SIGKILL: the server removes its temporary data folder (e2e/serve.ts).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
