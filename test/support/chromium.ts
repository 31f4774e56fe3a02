/**
 * One way to start Debian's Chromium for every browser suite: the flags
 * keep it quiet, offline and free of the automation marker. Playwright's
 * `launch` gives every browser a fresh temporary profile (user-data-dir)
 * and deletes it on close, so suites never share cookies or storage.
 */
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
} from 'playwright-core';

/** The Chromium binary from Debian's package. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * A desktop user agent without the "HeadlessChrome" marker, so that the
 * tracker (and the collector's bot filter) treat test pages as a person.
 */
export const DESKTOP_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

/** The flags every test launch uses. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--disable-sync',
  '--disable-blink-features=AutomationControlled',
];

/** Options for {@link launchChromium}. */
export interface LaunchOptions {
  /** keep the back/forward cache on, to test bfcache restores */
  bfcache?: boolean;
}

/**
 * Launches Chromium in a new temporary profile. Close it with
 * {@link closeChromium}.
 *
 * @example
 * const browser = await launchChromium();
 * const context = await newDesktopContext(browser);
 * const page = await context.newPage();
 * await page.goto('http://127.0.0.1:9100/');
 * await closeChromium(browser);
 */
export function launchChromium(
  extraArgs: string[] = [],
  options: LaunchOptions = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    // Playwright turns the back/forward cache off by default
    ignoreDefaultArgs: options.bfcache
      ? ['--disable-back-forward-cache']
      : undefined,
  });
}

/**
 * A new isolated context (own cookies and storage) with the desktop user
 * agent unless the options give another one.
 */
export function newDesktopContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({ userAgent: DESKTOP_USER_AGENT, ...options });
}

/** Closes the browser (and with it its temporary profile); never throws. */
export async function closeChromium(browser: Browser | undefined) {
  await browser?.close().catch(() => undefined);
}
