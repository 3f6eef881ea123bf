// A real browser for the team page's tests: Debian's Chromium driven by playwright-core (no
// browser download; CI installs the chromium package). Screenshots go to test/artifacts/
// (gitignored), each at a desktop width and at 400 px.
/// <reference lib="dom" />
import { existsSync, mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * Whether the browser tests run. On a developer's machine without Chromium they are skipped, with
 * a warning (`npm test` passes on a fresh machine); in CI (CI=true, as .ci/run sets) they always
 * run, so a missing browser fails them there instead of hiding them.
 */
const hasChromium = existsSync(CHROMIUM);
export const browserTestsRun = hasChromium || process.env.CI === "true";
if (!browserTestsRun) {
  console.warn(`\n!!! ${CHROMIUM} is missing: the team page browser tests are SKIPPED. Install Debian's chromium package.\n`);
}

const ARTIFACTS = "test/artifacts";
export const DESKTOP = { width: 1280, height: 900 };
export const NARROW = { width: 400, height: 860 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: CI runs the team page tests in Debian's chromium (or set CHROMIUM_PATH)`);
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** What the page's Content-Security-Policy refused (public/_headers): a test expects none. */
export function cspRefusals(page: Page): string[] {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return refused;
}

/** Whether the page scrolls sideways (it must not, at any width). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/**
 * Screenshots the page as it is, at the desktop width and at 400 px (where nothing may scroll
 * sideways), then puts it back to the width it had.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  for (const [size, suffix] of [
    [DESKTOP, ""],
    [NARROW, "-400px"],
  ] as const) {
    await page.setViewportSize(size);
    // The charts redraw for their new width (a resize is debounced): wait for them.
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".chart")].every((box) => {
        const svg = box.querySelector("svg");
        return !svg || box.clientWidth === 0 || Number(svg.getAttribute("width")) === Math.max(200, Math.round(box.clientWidth));
      }),
    );
    expect(await scrollsSideways(page), `${name} at ${size.width} px scrolls sideways`).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}/${name}${suffix}.png`, fullPage: true });
  }
  await page.setViewportSize(before);
}
