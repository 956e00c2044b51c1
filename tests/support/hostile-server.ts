/**
 * A hostile server on the Base URL, for the check's tests: it answers most requests
 * as the LiteLLM replay server does (tests/support/litellm-server.ts, scenario
 * 'ready', which it forwards to) and a few in ways a LiteLLM Proxy never does.
 *
 * LiteLLM's API routes never redirect (only the Admin UI, `/ui` → `/ui/`; fixture
 * `ui-root`), so every redirect here is invented on purpose; so are the oversized list,
 * the escape-laden ids and the reset connections. Answers carry CORS headers as
 * LiteLLM's CORSMiddleware would add them (origins "*"), so a browser can see them.
 *
 * Scenarios (`HostileScenario`):
 * - redirect-model-info: `GET /v1/model/info` → 302 to the same path on `elsewhere`.
 * - redirect-models: `GET /v1/models` → 302 to the same path on `elsewhere`.
 * - redirect-chat: `POST /v1/chat/completions` → 307 (method and body kept) to `elsewhere`.
 * - redirect-same-origin: `GET /v1/models` → 302 to `/v1/models/` on the same origin.
 * - huge-models: `GET /v1/models` → 200 JSON, chunked, `HUGE_MODEL_COUNT` ids in
 *   `HUGE_BYTES` bytes, written as fast as the reader takes them; `huge` counts what
 *   was sent and whether the client hung up first.
 * - esc-models: `GET /v1/models` → the recorded list plus ids carrying terminal
 *   sequences (`ESC_MODEL_IDS`).
 * - reset-models: `GET /v1/models` → the TCP connection is reset (RST), no answer.
 * - reset-all: every request, preflights included, is reset.
 *
 * `elsewhere` is another origin (a second replay server, 'ready'): it answers like
 * LiteLLM, so a client that followed a redirect would take its answer for the proxy's.
 * `keyArrivals()` lists every request that reached it carrying the key, an
 * `Authorization` or an `x-litellm-api-key` header.
 */
import http from 'node:http';
import type net from 'node:net';
import { MASTER_KEY, startLiteLLMServer, type LiteLLMServer } from './litellm-server.ts';

export type HostileScenario =
	| 'redirect-model-info'
	| 'redirect-models'
	| 'redirect-chat'
	| 'redirect-same-origin'
	| 'huge-models'
	| 'esc-models'
	| 'reset-models'
	| 'reset-all';

/** Ids of the huge list. */
export const HUGE_MODEL_COUNT = 500_000;
/** Each entry of the huge list is padded to this many bytes; 500,000 × 100 = 50 MB. */
const HUGE_ENTRY_BYTES = 100;
/** Size of the huge list's body, bytes (about 50 MB). */
export const HUGE_BYTES =
	HUGE_MODEL_COUNT * HUGE_ENTRY_BYTES + '{"data":[],"object":"list"}'.length;

/**
 * Model ids carrying what a terminal would execute: OSC 52 (write the clipboard),
 * CSI 2J + H (clear the screen), OSC 8 (a hidden hyperlink), a C1 CSI (U+009B),
 * BEL, CR (overwrite the line).
 */
export const ESC_MODEL_IDS: readonly string[] = [
	'\u001b]52;c;ZWNobyBvd25lZA==\u0007clip',
	'\u001b[2J\u001b[Hclear',
	'\u001b]8;;https://evil.invalid/\u001b\\link\u001b]8;;\u001b\\',
	'\u009b31mred',
	'bell\u0007',
	'fake\rbedrock-converse-us-claude-3-7-sonnet-v1',
];

export interface HostileServer {
	/** Base URL of the hostile server, e.g. 'http://127.0.0.1:38211'. */
	url: string;
	origin: string;
	port: number;
	scenario: HostileScenario;
	/** The other origin redirects point to. */
	elsewhere: {
		origin: string;
		/** Every request it received (preflights included). */
		requests: LiteLLMServer['requests'];
		/** Requests that reached it with the key, `Authorization` or `x-litellm-api-key`. */
		keyArrivals(): string[];
	};
	/** huge-models: bytes written so far, and whether the client hung up before the end. */
	huge: HugeState;
	close(): Promise<void>;
}

/**
 * huge-models: bytes written so far, whether the client hung up before the end and
 * whether the whole list was sent; with `pauseAfterBytes`, whether the server waits
 * and `release()` to let it go on.
 */
export interface HugeState {
	bytesSent: number;
	total: number;
	clientHungUp: boolean;
	finished: boolean;
	paused: boolean;
	release(): void;
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' };

function redirect(res: http.ServerResponse, status: number, location: string): void {
	res.writeHead(status, { location, 'content-length': '0', ...CORS });
	res.end();
}

/** The huge list, written chunk by chunk with backpressure. */
function sendHuge(
	req: http.IncomingMessage,
	res: http.ServerResponse,
	huge: HugeState,
	pauseAt: number | undefined,
) {
	let released = false;
	res.writeHead(200, { 'content-type': 'application/json', ...CORS });
	const entry = (i: number) => {
		const s = `{"id":"model-${String(i).padStart(6, '0')}","object":"model","owned_by":"openai","x":"`;
		return `${s}${'x'.repeat(HUGE_ENTRY_BYTES - s.length - 3)}"}${i < HUGE_MODEL_COUNT - 1 ? ',' : ''}`;
	};
	let i = 0;
	res.on('close', () => {
		if (!huge.finished) huge.clientHungUp = true;
	});
	const write = (text: string) => {
		huge.bytesSent += Buffer.byteLength(text);
		return res.write(text);
	};
	write('{"data":[');
	const pump = (): void => {
		while (i < HUGE_MODEL_COUNT && !res.destroyed) {
			if (pauseAt !== undefined && huge.bytesSent >= pauseAt && !released) {
				huge.paused = true;
				huge.release = () => {
					huge.paused = false;
					released = true;
					pump();
				};
				return;
			}
			let chunk = '';
			for (let n = 0; n < 640 && i < HUGE_MODEL_COUNT; n++) chunk += entry(i++);
			if (!write(chunk)) {
				res.once('drain', pump);
				return;
			}
		}
		if (res.destroyed) return;
		write('],"object":"list"}');
		huge.finished = true;
		res.end();
	};
	req.resume();
	pump();
}

/** Forwards a request to the replay server and streams its answer back (headers as sent). */
function forward(
	req: http.IncomingMessage,
	res: http.ServerResponse,
	inner: LiteLLMServer,
	rewrite?: (body: Buffer) => Buffer,
): void {
	const out = http.request(
		{ host: inner.host, port: inner.port, method: req.method, path: req.url, headers: req.headers },
		(answer) => {
			if (!rewrite) {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				return;
			}
			const parts: Buffer[] = [];
			answer.on('data', (c: Buffer) => parts.push(c));
			answer.on('end', () => {
				const body = rewrite(Buffer.concat(parts));
				res.writeHead(answer.statusCode ?? 502, {
					...answer.headers,
					'content-length': String(body.length),
				});
				res.end(body);
			});
		},
	);
	out.on('error', () => res.destroy());
	req.pipe(out);
}

/**
 * Starts a hostile server on a free loopback port (127.0.0.1), with its replay
 * server and the other origin.
 *
 * @param options.scenario what to answer differently (see the module comment)
 * @param options.key the secret `keyArrivals` looks for (default the recording's master key)
 * @param options.pauseAfterBytes huge-models: stop writing after this many bytes until
 *   `huge.release()` (so a test can act while the page is reading)
 */
export async function startHostileServer(options: {
	scenario: HostileScenario;
	key?: string;
	pauseAfterBytes?: number;
}): Promise<HostileServer> {
	const { scenario } = options;
	const key = options.key ?? MASTER_KEY;
	const inner = await startLiteLLMServer({ scenario: 'ready' });
	const other = await startLiteLLMServer({ scenario: 'ready' });
	const huge: HugeState = {
		bytesSent: 0,
		total: HUGE_BYTES,
		clientHungUp: false,
		finished: false,
		paused: false,
		release: () => {},
	};
	const sockets = new Set<net.Socket>();

	const server = http.createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		const method = req.method ?? 'GET';
		if (
			scenario === 'reset-all' ||
			(scenario === 'reset-models' && method === 'GET' && path === '/v1/models')
		) {
			req.socket.resetAndDestroy();
			return;
		}
		if (method === 'GET' && path === '/v1/model/info' && scenario === 'redirect-model-info')
			return redirect(res, 302, `${other.origin}${req.url}`);
		if (method === 'GET' && path === '/v1/models') {
			if (scenario === 'redirect-models') return redirect(res, 302, `${other.origin}${req.url}`);
			if (scenario === 'redirect-same-origin') return redirect(res, 302, '/v1/models/');
			if (scenario === 'huge-models') return sendHuge(req, res, huge, options.pauseAfterBytes);
			if (scenario === 'esc-models')
				return forward(req, res, inner, (body) => {
					const list = JSON.parse(body.toString('utf8')) as { data: unknown[] };
					if (!Array.isArray(list.data)) return body; // an error answer: as it came
					for (const id of ESC_MODEL_IDS)
						list.data.push({ id, object: 'model', created: 1677610602, owned_by: 'openai' });
					return Buffer.from(JSON.stringify(list));
				});
		}
		if (method === 'POST' && path === '/v1/chat/completions' && scenario === 'redirect-chat')
			return redirect(res, 307, `${other.origin}${req.url}`);
		forward(req, res, inner);
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as net.AddressInfo).port;
	const url = `http://127.0.0.1:${port}`;
	return {
		url,
		origin: url,
		port,
		scenario,
		elsewhere: {
			origin: other.origin,
			requests: other.requests,
			keyArrivals: () =>
				other.requests
					.filter(
						(r) =>
							'authorization' in r.headers ||
							'x-litellm-api-key' in r.headers ||
							r.path.includes(key) ||
							Object.values(r.headers).some((v) => v.includes(key)) ||
							(r.body ?? '').includes(key),
					)
					.map((r) => `${r.method} ${r.path}`),
		},
		huge,
		close: async () => {
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await inner.close();
			await other.close();
		},
	};
}
