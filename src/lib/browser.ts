/**
 * How the build-time flowchart renderer (./flowchart/render.ts), the tests and the
 * benchmark launch Chromium.
 *
 * Playwright cannot download its own browser on these machines, so we drive
 * Debian's `chromium` package. `CHROMIUM_PATH` overrides the binary.
 */
export const chromiumPath: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a sandbox without internet: without the background-networking flags
 * Chromium keeps trying (and failing) to reach Google's hosts.
 * Source: the machine notes (DEVELOPERS.md "Machine facts").
 */
export const chromiumArgs: readonly string[] = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
];
