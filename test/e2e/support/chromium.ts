// Debian's Chromium, driven by playwright-core: CI installs it (`.ci/run`); a developer may not have it.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Where Debian's package puts it; CHROMIUM_PATH points elsewhere. */
export const chromium_path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const install_hint =
  `Chromium is not at ${chromium_path}. Install Debian's package: sudo apt-get update && sudo apt-get install -y chromium ` +
  "(or set CHROMIUM_PATH to a Chromium binary).";

export const chromiumInstalled = (): boolean => existsSync(chromium_path);

/**
 * Headless, and quiet: no update checks, sync or background fetches, so the only requests the page
 * makes are its own, and a request to any other origin stands out.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromium_path,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
