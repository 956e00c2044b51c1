import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** The built site (`astro build` output): `dist/`, or `SITE_DIST` when set (resolved against the working directory; `npm run test:e2e` uses `test-dist`). */
export const distDir: string = process.env.SITE_DIST
	? resolve(process.env.SITE_DIST)
	: fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * The Astro `base` the test build uses (`npm test` builds with `BASE_PATH`), always
 * with a leading and trailing slash, e.g. `/` or `/cline-workshop/`.
 */
export const basePath: string = normaliseBase(process.env.BASE_PATH ?? '/');

function normaliseBase(base: string): string {
	const trimmed = base.replace(/^\/+|\/+$/g, '');
	return trimmed ? `/${trimmed}/` : '/';
}

export interface RunningSite {
	/** Origin plus base, e.g. `http://127.0.0.1:43123/cline-workshop/` (trailing slash). */
	url: string;
	/** Origin only, e.g. `http://127.0.0.1:43123`. */
	origin: string;
	port: number;
	close(): Promise<void>;
}

export interface SiteServerOptions {
	/** Serve over https with this certificate (PEM strings); plain http when absent. */
	tls?: { key: string; cert: string };
	/** Extra response headers on every response, e.g. `Content-Security-Policy`. */
	headers?: Record<string, string>;
	/** Host to bind; loopback only. Default `127.0.0.1`. */
	host?: string;
}

/**
 * Serves `dist/` under {@link basePath} on a free loopback port (port 0), the way a
 * static host would. Requests outside the base get 404.
 *
 * @throws if `dist/` does not exist (run `npm run build` first).
 */
export async function startSiteServer(options: SiteServerOptions = {}): Promise<RunningSite> {
	const host = options.host ?? '127.0.0.1';
	const serve = sirv(distDir, { dev: false, etag: true });
	const handler = (
		req: import('node:http').IncomingMessage,
		res: import('node:http').ServerResponse,
	) => {
		for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
		const url = req.url ?? '/';
		if (!url.startsWith(basePath) && url !== basePath.slice(0, -1)) {
			res.statusCode = 404;
			res.end('not under base');
			return;
		}
		req.url = '/' + url.slice(basePath.length);
		serve(req, res, () => {
			res.statusCode = 404;
			res.end('not found');
		});
	};
	const server: Server = options.tls
		? (createHttpsServer(
				{ key: options.tls.key, cert: options.tls.cert },
				handler,
			) as unknown as Server)
		: createServer(handler);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const origin = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
	return {
		url: origin + basePath,
		origin,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
