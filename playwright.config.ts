import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 8181);
const dataDir = path.join(os.tmpdir(), `opennrm-e2e-${process.pid}`);

export default defineConfig({
  testDir: './test/e2e',
  outputDir: 'test-results/e2e-artifacts',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    // transitions finish at once, so contrast checks never see a half-faded notification
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 800 },
    // The people who use it are in Morocco: the browser's calendar day is the installation's (OPENNRM_TIMEZONE),
    // as it is on their tablets. Without it, a run between midnight local and midnight UTC saw "today" as yesterday.
    timezoneId: process.env.OPENNRM_TIMEZONE ?? 'Africa/Casablanca',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && npx tsx src/server/main.ts serve`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    // The daily retention run is off: the retention test starts it itself, whatever the hour of the CI run.
    env: { PORT: String(port), HOST: '127.0.0.1', OPENNRM_DATA_DIR: dataDir, OPENNRM_SEED_CASES: '80', LOG_LEVEL: 'warn', OPENNRM_LOGIN_RATE_PER_MINUTE: '1000', OPENNRM_RETENTION_DAILY: 'off' },
  },
});
