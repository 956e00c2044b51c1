/**
 * `npm run bench -- site`: what the navigation chart costs.
 *
 * 1. Builds the site twice from clean (`astro build --force`, output directory
 *    deleted first), each into its own directory under
 *    `node_modules/.cache/workshop-bench-site/` (inside the project so that the
 *    build's chunks resolve packages; outside what `astro check` reads):
 *    - `full`: this project as it ships (flowchart + 「次のステップ」 on every page,
 *      mermaid diagrams rendered at build time in Chromium);
 *    - `bare`: the same pages as plain Starlight (`WORKSHOP_BARE=1`: no overrides,
 *      Starlight's own Pagination, mermaid sources as text; see astro.config.mjs).
 *    `dist/` (used by the tests) is left alone. `BASE_PATH`/`SITE_URL` pass through.
 * 2. Prints the wall-clock build time of each (ms) and their ratio.
 * 3. For every page: total bytes (HTML + the stylesheets it links + its JavaScript) and
 *    JavaScript bytes, raw and gzip (each file gzipped on its own, level 9, as a static
 *    host would serve it). "Its JavaScript" = inline `<script>`s plus every `<script
 *    src>` and, recursively, every module those import statically or dynamically
 *    (`import "./x.js"`, `import("./y.js")`) that exists in the build output — this
 *    includes Astro/Starlight chunks and the bundled Pagefind UI. Pagefind's search
 *    index and wasm, fetched only when someone searches, are the same in both builds
 *    and not counted.
 * 4. Prints the ratios full/bare and the bytes of any script that mentions mermaid
 *    (goal: 0), and writes everything to `bench-results/site.json`.
 *
 * Figures only: no pass/fail.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the project (the prerender chunks resolve 'playwright' and mermaid from
// node_modules) but outside what `astro check`/tsc look at.
const outRoot = path.join(root, 'node_modules', '.cache', 'workshop-bench-site');

/** Raw and gzip byte counts. */
interface Bytes {
	raw: number;
	gzip: number;
}

/** Figures for one page of one build. */
interface PageFigures {
	page: string;
	html: Bytes;
	css: Bytes;
	js: Bytes;
	total: Bytes;
	scripts: string[];
	mermaidJs: number;
}

/** One build: its time (ms) and its pages. */
interface BuildFigures {
	name: string;
	ms: number;
	pages: PageFigures[];
}

const gz = (buf: Buffer | string): number => gzipSync(buf, { level: 9 }).length;
const bytes = (buf: Buffer | string): Bytes => ({ raw: Buffer.byteLength(buf), gzip: gz(buf) });
const add = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });
const ZERO: Bytes = { raw: 0, gzip: 0 };

/**
 * Runs `astro build --force --outDir <outDir>` with extra env vars and resolves with
 * its wall-clock time in ms. Rejects with the build's last output lines if it fails.
 */
function timedBuild(outDir: string, env: Record<string, string>): Promise<number> {
	rmSync(outDir, { recursive: true, force: true });
	// astro's package.json does not export its bin; take it from the package directory.
	const astroPkg = createRequire(path.join(root, 'package.json')).resolve('astro/package.json');
	const astroBin = path.join(path.dirname(astroPkg), 'bin', 'astro.mjs');
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, [astroBin, 'build', '--force', '--outDir', outDir], {
			cwd: root,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let log = '';
		child.stdout.on('data', (d) => (log += d));
		child.stderr.on('data', (d) => (log += d));
		child.on('error', reject);
		child.on('close', (code) => {
			const ms = performance.now() - started;
			if (code === 0) resolve(ms);
			else
				reject(
					new Error(
						`astro build (${outDir}) exited with ${code}:\n${log.split('\n').slice(-30).join('\n')}`,
					),
				);
		});
	});
}

/** Maps a URL path in the page (respecting the build's base) to a file in outDir. */
function fileFor(outDir: string, base: string, pageFile: string, ref: string): string | undefined {
	if (/^(https?:)?\/\//.test(ref) || ref.startsWith('data:')) return undefined;
	let p: string;
	if (ref.startsWith('/')) {
		const rel = ref.startsWith(base) ? ref.slice(base.length) : ref.slice(1);
		p = path.join(outDir, rel);
	} else {
		p = path.join(path.dirname(pageFile), ref);
	}
	p = p.split(/[?#]/)[0]!;
	return existsSync(p) ? p : undefined;
}

/** Every module a script file loads: itself plus its static and dynamic imports, recursively. */
function scriptGraph(entry: string, seen: Set<string>): void {
	if (seen.has(entry)) return;
	seen.add(entry);
	const code = readFileSync(entry, 'utf8');
	const specs = [
		...code.matchAll(/\bimport\s*(?:[\w*{}\s,$]+from\s*)?["'`]([^"'`]+)["'`]/g),
		...code.matchAll(/\bimport\(\s*["'`]([^"'`$]+)["'`]\s*\)/g),
	].map((m) => m[1]!);
	for (const spec of specs) {
		if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
		const target = path.resolve(path.dirname(entry), spec.split(/[?#]/)[0]!);
		if (existsSync(target)) scriptGraph(target, seen);
	}
}

/** All `index.html`/`404.html` files under outDir, as page paths relative to it. */
function htmlPages(outDir: string): string[] {
	return (readdirSync(outDir, { recursive: true }) as string[])
		.filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'))
		.sort();
}

/** Measures every page of a build output. `base` is the Astro base it was built with. */
function measure(outDir: string, base: string): PageFigures[] {
	return htmlPages(outDir).map((rel) => {
		const file = path.join(outDir, rel);
		const html = readFileSync(file, 'utf8');
		const css = new Set<string>();
		for (const m of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)) {
			const href = /href="([^"]+)"/.exec(m[0])?.[1];
			const f = href && fileFor(outDir, base, file, href);
			if (f) css.add(f);
		}
		const scripts = new Set<string>();
		let inline = ZERO;
		for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
			const src = /\bsrc="([^"]+)"/.exec(m[1]!)?.[1];
			if (src) {
				const f = fileFor(outDir, base, file, src);
				if (f) scriptGraph(f, scripts);
			} else if (!/type="application\/(ld\+)?json"/.test(m[1]!)) {
				inline = add(inline, bytes(m[2]!));
			}
		}
		let js = inline;
		let mermaidJs = /mermaid/i.test(
			[...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join(''),
		)
			? inline.raw
			: 0;
		for (const f of scripts) {
			const buf = readFileSync(f);
			js = add(js, bytes(buf));
			if (/mermaid/i.test(buf.toString('utf8'))) mermaidJs += buf.length;
		}
		let cssBytes = ZERO;
		for (const f of css) cssBytes = add(cssBytes, bytes(readFileSync(f)));
		const htmlBytes = bytes(html);
		return {
			page: '/' + rel.replace(/index\.html$/, ''),
			html: htmlBytes,
			css: cssBytes,
			js,
			total: add(add(htmlBytes, cssBytes), js),
			scripts: [...scripts].map((s) => path.relative(outDir, s)).sort(),
			mermaidJs,
		};
	});
}

const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
const ratio = (a: number, b: number) => (b === 0 ? '   -' : (a / b).toFixed(2).padStart(5));

function printTable(full: BuildFigures, bare: BuildFigures): void {
	const header = [
		'page'.padEnd(36),
		'total kB raw/gz (full)',
		' (bare)        ',
		'ratio',
		'  JS kB raw/gz (full)',
		' (bare)       ',
		'ratio',
	].join(' ');
	console.log(header);
	for (const f of full.pages) {
		const b = bare.pages.find((p) => p.page === f.page);
		if (!b) continue;
		console.log(
			[
				f.page.padEnd(36),
				`${kb(f.total.raw)} /${kb(f.total.gzip)}`.padEnd(22),
				`${kb(b.total.raw)} /${kb(b.total.gzip)}`.padEnd(15),
				ratio(f.total.gzip, b.total.gzip),
				`${kb(f.js.raw)} /${kb(f.js.gzip)}`.padEnd(21),
				`${kb(b.js.raw)} /${kb(b.js.gzip)}`.padEnd(14),
				ratio(f.js.gzip, b.js.gzip),
			].join(' '),
		);
	}
	const sum = (b: BuildFigures, k: 'total' | 'js' | 'html') =>
		b.pages.reduce((s, p) => add(s, p[k]), ZERO);
	const n = full.pages.length;
	for (const k of ['html', 'total', 'js'] as const) {
		const a = sum(full, k);
		const c = sum(bare, k);
		console.log(
			`mean ${k.padEnd(5)} per page: full ${kb(a.raw / n)} kB raw /${kb(a.gzip / n)} kB gzip; bare ${kb(c.raw / n)} /${kb(c.gzip / n)}; ratio (gzip) ${ratio(a.gzip, c.gzip)}`,
		);
	}
	const maxJsRatio = Math.max(
		...full.pages.map(
			(f) => f.js.raw / (bare.pages.find((p) => p.page === f.page)?.js.raw || Infinity),
		),
	);
	console.log(
		`max JS ratio (raw, any page): ${maxJsRatio.toFixed(3)}   (goal ≤ 1: no JS beyond Starlight's own)`,
	);
	console.log(
		`mermaid JS bytes on any page: full ${Math.max(...full.pages.map((p) => p.mermaidJs))}, bare ${Math.max(...bare.pages.map((p) => p.mermaidJs))}   (goal 0)`,
	);
}

/**
 * Builds the site with and without the navigation chart and prints build times, per
 * page bytes and JS bytes (raw and gzip) and their ratios. Writes
 * `bench-results/site.json`. Takes about 15–30 s on 2 cores.
 *
 * @throws if either build fails (the error carries the build's last output lines).
 */
export async function benchSite(): Promise<void> {
	const base = `/${(process.env.BASE_PATH ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
	mkdirSync(outRoot, { recursive: true });
	const builds: BuildFigures[] = [];
	for (const [name, env] of [
		['full', {}],
		['bare', { WORKSHOP_BARE: '1' }],
	] as const) {
		const outDir = path.join(outRoot, name);
		process.stdout.write(
			`site: building ${name} (astro build --force --outDir ${path.relative(root, outDir)}) ... `,
		);
		const ms = await timedBuild(outDir, env);
		console.log(`${(ms / 1000).toFixed(1)} s`);
		builds.push({ name, ms, pages: measure(outDir, base) });
	}
	const [full, bare] = builds as [BuildFigures, BuildFigures];
	console.log(
		`\nbuild time: full ${(full.ms / 1000).toFixed(1)} s, bare Starlight ${(bare.ms / 1000).toFixed(1)} s, ratio ${ratio(full.ms, bare.ms)}`,
	);
	console.log(`pages: ${full.pages.length} (base ${base})\n`);
	printTable(full, bare);
	const jsonFile = path.join(root, 'bench-results', 'site.json');
	mkdirSync(path.dirname(jsonFile), { recursive: true });
	writeFileSync(
		jsonFile,
		JSON.stringify({ date: new Date().toISOString(), base, builds }, null, 2),
	);
	console.log(`\nwritten ${path.relative(root, jsonFile)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSite();
