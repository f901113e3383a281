import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { CaughtMail } from './mail-inbox';
import { workspaceRoot } from './services';

/** Where journey tests save a screenshot of each page the subject sees (a CI artifact). */
export const screenshotDir = path.join(workspaceRoot, 'artifacts', 'screenshots');

/** Debian's chromium (the only browser here), headless, as the guide prescribes. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  const executablePath = process.env['CHROMIUM_PATH'] ?? execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}

/** A full-page screenshot named `journey-<name>.png` in `screenshotDir`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `journey-${name}.png`), fullPage: true });
}

/** The first absolute link in a message's text whose path starts with `prefix`. */
export function linkIn(mail: CaughtMail, prefix: string): string {
  const match = new RegExp(`https?://[^\\s"'<>]+${prefix}[^\\s"'<>)]+`).exec(mail.text);
  if (!match) throw new Error(`no ${prefix} link in the email "${mail.subject}"`);
  return match[0];
}
