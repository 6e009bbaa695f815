#!/usr/bin/env node
// Browser tests: Playwright driving Debian's Chromium. Installs it when possible, else says what to install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  const root = process.getuid?.() === 0;
  if (root && fs.existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing: installing Debian packages chromium and fonts-noto-core...');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-core'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  if (!fs.existsSync(chromium)) {
    console.error('Browser tests need Chromium: run `sudo apt-get install chromium fonts-noto-core` (or set CHROMIUM_PATH).');
    process.exit(1);
  }
}
const r = spawnSync('npx', ['playwright', 'test', '--config', 'playwright.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
