/**
 * `npm run bench`: prints the project's speed and size figures (no pass/fail).
 *
 * - Site: build time, bytes and JS bytes (raw and gzip) per page, against a bare
 *   Starlight build of the same pages without the flowchart (scripts/bench/site.ts).
 * - Checks: click-to-verdict time for the ready scenario against the raw requests,
 *   and the verdict time when the port is closed (scripts/bench/checks.ts).
 *
 * `npm run bench -- site` or `npm run bench -- checks` runs one part.
 */
export {}; // a module: top-level await below

const parts = process.argv.slice(2);
const want = (name: string) => parts.length === 0 || parts.includes(name);

if (want('site')) {
	const { benchSite } = await import('./bench/site.ts');
	await benchSite();
}
if (want('checks')) {
	const { benchChecks } = await import('./bench/checks.ts');
	await benchChecks();
}
