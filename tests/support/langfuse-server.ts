/**
 * A stand-in for Langfuse's web container, only its health endpoint, on a loopback
 * port. No recording of Langfuse exists; the answers follow Langfuse's docs
 * ("Health and Readiness Check Endpoints",
 * https://langfuse.com/self-hosting/health-readiness-endpoints): `GET /api/public/health`
 * → 200 `{"status":"OK","version":…}` when healthy, 503 when not. The 503 body is not
 * documented, so the check reads only its status and this server sends an empty body.
 * Whether Langfuse sends CORS headers on this route was not verified, so both cases
 * are scenarios. Everything else: 404.
 *
 * - ready: 200 with `access-control-allow-origin: *`
 * - ready-no-cors: 200 without CORS headers (a browser may not read it)
 * - unhealthy: 503 with `access-control-allow-origin: *`
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LangfuseScenario = 'ready' | 'ready-no-cors' | 'unhealthy';

/** The version the stand-in reports (a placeholder, not a real Langfuse release). */
export const LANGFUSE_TEST_VERSION = '0.0.0-test';

export interface LangfuseServer {
	url: string;
	port: number;
	/** Paths requested, in order. */
	requests: string[];
	close(): Promise<void>;
}

/**
 * Starts the stand-in on 127.0.0.1, port 0.
 * @param scenario default 'ready'
 */
export async function startLangfuseServer(
	scenario: LangfuseScenario = 'ready',
): Promise<LangfuseServer> {
	const requests: string[] = [];
	const server = createServer((req, res) => {
		requests.push(req.url ?? '');
		const cors: Record<string, string> =
			scenario === 'ready-no-cors' ? {} : { 'access-control-allow-origin': '*' };
		if (req.method === 'OPTIONS') {
			res.writeHead(204, { ...cors, 'access-control-allow-headers': '*' }).end();
			return;
		}
		if (req.url?.split('?')[0] !== '/api/public/health') {
			res.writeHead(404, { 'content-type': 'text/plain', ...cors }).end('Not Found');
			return;
		}
		if (scenario === 'unhealthy') {
			res.writeHead(503, cors).end();
			return;
		}
		res
			.writeHead(200, { 'content-type': 'application/json', ...cors })
			.end(JSON.stringify({ status: 'OK', version: LANGFUSE_TEST_VERSION }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
