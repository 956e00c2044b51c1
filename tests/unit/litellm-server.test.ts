/**
 * The replay server is faithful: for EVERY recorded exchange in tests/fixtures/litellm,
 * the recorded request (method, path, headers in order, body bytes) is sent to the
 * server in the fixture's config scenario, and the answer's status line, headers (in
 * wire order, names and values) and body bytes must equal the recording. Only `date`
 * is left out of the comparison (regenerated per response).
 *
 * Then the scenarios that have no recording of their own are checked against the
 * behaviour they model.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
	MASTER_KEY,
	closedPortUrl,
	fixtureBodyBytes,
	loadFixtures,
	scenarioForConfig,
	startLiteLLMServer,
	type Fixture,
	type LiteLLMServer,
	type Scenario,
} from '../support/litellm-server.ts';

interface Answer {
	statusCode: number;
	statusMessage: string;
	rawHeaders: [string, string][];
	body: Buffer;
}

/** Python's json.dumps default format (", " and ": "), as curl sent the recorded bodies. */
function pythonJson(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(pythonJson).join(', ')}]`;
	if (v && typeof v === 'object' && !(JSON as any).isRawJSON(v)) {
		return `{${Object.entries(v)
			.map(([k, x]) => `${JSON.stringify(k)}: ${pythonJson(x)}`)
			.join(', ')}}`;
	}
	return JSON.stringify(v);
}

/** Sends one request with exactly these headers (order and case kept) over a fresh connection. */
function request(
	url: string,
	method: string,
	path: string,
	headers: [string, string][],
	body?: Buffer,
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const req = http.request(
			{
				host: u.hostname,
				port: u.port,
				method,
				path,
				agent: false,
				setDefaultHeaders: false,
			} as http.RequestOptions,
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const raw = res.rawHeaders;
					const pairs: [string, string][] = [];
					for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
					resolve({
						statusCode: res.statusCode ?? 0,
						statusMessage: res.statusMessage ?? '',
						rawHeaders: pairs,
						body: Buffer.concat(chunks),
					});
				});
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		for (const [n, v] of headers) req.setHeader(n, v);
		req.end(body);
	});
}

const servers = new Map<Scenario, LiteLLMServer>();
async function server(scenario: Scenario): Promise<LiteLLMServer> {
	let s = servers.get(scenario);
	if (!s) {
		s = await startLiteLLMServer({ scenario });
		servers.set(scenario, s);
	}
	return s;
}
after(async () => {
	for (const s of servers.values()) await s.close();
});

function recordedRequest(f: Fixture): { headers: [string, string][]; body?: Buffer } {
	const body =
		f.request.body === null || f.request.body === undefined
			? undefined
			: Buffer.from(pythonJson(f.request.body), 'utf8');
	// The recorded Host header is sent as recorded (the 307's location is built from it).
	const headers = Object.entries(f.request.headers) as [string, string][];
	return { headers, body };
}

describe('every fixture replays exactly', () => {
	const fixtures = loadFixtures();
	test('all 91 fixtures are loaded', () => {
		assert.equal(fixtures.size, 91);
	});
	for (const [name, f] of fixtures) {
		test(`${name} (${f.config})`, async () => {
			const s = await server(scenarioForConfig(f.config, name));
			const { headers, body } = recordedRequest(f);
			if (body) {
				const cl = headers.find(([n]) => n.toLowerCase() === 'content-length');
				assert.equal(
					String(body.length),
					cl?.[1],
					'request body re-serialised to the recorded length',
				);
			}
			const res = await request(s.url, f.request.method, f.request.path, headers, body);
			const [, code, reason] = /^HTTP\/1\.1 (\d+) ?(.*)$/.exec(f.response.status_line)!;
			assert.equal(res.statusCode, Number(code));
			assert.equal(res.statusMessage, reason);
			const strip = (hs: [string, string][]) => hs.filter(([n]) => n.toLowerCase() !== 'date');
			assert.deepEqual(strip(res.rawHeaders), strip(f.response.raw_headers));
			assert.ok(
				res.rawHeaders.some(([n]) => n === 'date'),
				'a date header is sent',
			);
			assert.equal(res.body.length, f.response.body_bytes, 'body length as recorded');
			assert.deepEqual(res.body, fixtureBodyBytes(f));
			assert.ok(
				!res.rawHeaders.some(([n]) =>
					/^access-control-(allow-private-network|expose-headers)$/i.test(n),
				),
			);
		});
	}
});

describe('recorded JSON bodies keep Python number formatting', () => {
	test('model-info-v1 serialises to its recorded 8078 bytes with 3e-06', () => {
		const f = loadFixtures().get('model-info-v1')!;
		const text = fixtureBodyBytes(f).toString('utf8');
		assert.equal(Buffer.byteLength(text), 8078);
		assert.match(text, /"input_cost_per_token":3e-06,/);
		assert.doesNotMatch(text, /0\.000003/);
	});
});

async function get(
	s: LiteLLMServer,
	path: string,
	headers: Record<string, string> = {},
	method = 'GET',
	body?: string,
) {
	const h: [string, string][] = [['Host', `127.0.0.1:${s.port}`], ...Object.entries(headers)];
	if (body !== undefined) h.push(['Content-Length', String(Buffer.byteLength(body))]);
	return request(s.url, method, path, h, body === undefined ? undefined : Buffer.from(body));
}
const header = (a: Answer, name: string) =>
	a.rawHeaders.find(([n]) => n.toLowerCase() === name)?.[1];
const json = (a: Answer) => JSON.parse(a.body.toString('utf8'));

describe('scenarios without a recording of their own', () => {
	test('ready: a wrong key gets the recorded 400 no_db_connection on every authenticated route', async () => {
		const s = await server('ready');
		for (const path of ['/v1/models', '/v1/model/info', '/model_group/info']) {
			const a = await get(s, path, { Authorization: 'Bearer sk-wrong' });
			assert.equal(a.statusCode, 400, path);
			assert.equal(json(a).error.type, 'no_db_connection');
		}
		const chat = await get(
			s,
			'/v1/chat/completions',
			{ Authorization: 'Bearer sk-wrong', 'Content-Type': 'application/json' },
			'POST',
			'{"model":"x"}',
		);
		assert.equal(chat.statusCode, 400);
	});

	test('ready: x-litellm-api-key takes precedence over Authorization, as in LiteLLM', async () => {
		const s = await server('ready');
		const a = await get(s, '/v1/model/info', {
			'x-litellm-api-key': MASTER_KEY,
			Authorization: 'Bearer sk-wrong',
		});
		assert.equal(a.statusCode, 200);
		const b = await get(s, '/v1/model/info', {
			'x-litellm-api-key': 'sk-wrong',
			Authorization: `Bearer ${MASTER_KEY}`,
		});
		assert.equal(b.statusCode, 400);
	});

	test('ready: chat for another configured model is derived from the recording', async () => {
		const s = await server('ready');
		const a = await get(
			s,
			'/v1/chat/completions',
			{ Authorization: `Bearer ${MASTER_KEY}`, 'Content-Type': 'application/json' },
			'POST',
			JSON.stringify({ model: 'bedrock-converse-us-claude-3-5-haiku-v1', messages: [] }),
		);
		assert.equal(a.statusCode, 200);
		assert.equal(json(a).model, 'converse/us.anthropic.claude-3-5-haiku-20241022-v1:0');
		assert.equal(header(a, 'x-litellm-model-group'), 'bedrock-converse-us-claude-3-5-haiku-v1');
		assert.equal(header(a, 'content-length'), String(a.body.length));
	});

	test('ready: an unknown model gets the recorded 400 with its own name', async () => {
		const s = await server('ready');
		const a = await get(
			s,
			'/v1/chat/completions',
			{ Authorization: `Bearer ${MASTER_KEY}` },
			'POST',
			JSON.stringify({ model: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0' }),
		);
		assert.equal(a.statusCode, 400);
		assert.match(
			json(a).error.message,
			/Invalid model name passed in model=us\.anthropic\.claude-3-7-sonnet-20250219-v1:0\. Call/,
		);
	});

	test('ready: exchanges that cannot be derived answer 501, not an invention', async () => {
		const s = await server('ready');
		const a = await get(
			s,
			'/v1/chat/completions',
			{ Authorization: `Bearer ${MASTER_KEY}` },
			'POST',
			JSON.stringify({
				model: 'bedrock-converse-us-claude-3-5-haiku-v1',
				mock_testing_fallbacks: true,
			}),
		);
		assert.equal(a.statusCode, 501);
		assert.match(a.body.toString(), /no recording/);
	});

	test('wrong-key-db: a non-master key gets the 401 token_not_found_in_db, with CORS', async () => {
		const s = await server('wrong-key-db');
		const a = await get(s, '/v1/models', {
			Authorization: 'Bearer sk-wrong-key-1234',
			Origin: 'https://workshop.example.com',
		});
		assert.equal(a.statusCode, 401);
		assert.equal(a.statusMessage, 'Unauthorized');
		const e = json(a).error;
		assert.deepEqual(
			{ type: e.type, param: e.param, code: e.code },
			{ type: 'token_not_found_in_db', param: 'key', code: '401' },
		);
		const hash = createHash('sha256').update('sk-wrong-key-1234').digest('hex');
		assert.equal(
			e.message,
			`Authentication Error, Invalid proxy server token passed. Received API Key = sk-...1234, Key Hash (Token) =${hash}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
		);
		assert.equal(header(a, 'access-control-allow-origin'), '*');
		assert.equal(header(a, 'access-control-allow-credentials'), 'true');
		// A key without sk- is printed verbatim by LiteLLM (it only hashes sk- keys).
		const b = await get(s, '/v1/models', { Authorization: 'Bearer wrong-key' });
		assert.match(json(b).error.message, /Key Hash \(Token\) =wrong-key\./);
		// The master key still works.
		assert.equal(
			(await get(s, '/v1/models', { Authorization: `Bearer ${MASTER_KEY}` })).statusCode,
			200,
		);
	});

	test('server-error: liveliness works, /v1/models is a 500 text/plain without CORS, preflight still OK', async () => {
		const s = await server('server-error');
		const live = await get(s, '/health/liveliness', { Origin: 'http://localhost:4321' });
		assert.equal(live.statusCode, 200);
		assert.equal(header(live, 'access-control-allow-origin'), '*');
		const a = await get(s, '/v1/models', {
			Authorization: `Bearer ${MASTER_KEY}`,
			Origin: 'http://localhost:4321',
		});
		assert.equal(a.statusCode, 500);
		assert.equal(a.body.toString(), 'Internal Server Error');
		assert.equal(header(a, 'content-type'), 'text/plain; charset=utf-8');
		assert.equal(header(a, 'access-control-allow-origin'), undefined);
		const pre = await get(
			s,
			'/v1/models',
			{
				Origin: 'http://localhost:4321',
				'Access-Control-Request-Method': 'GET',
				'Access-Control-Request-Headers': 'authorization',
			},
			'OPTIONS',
		);
		assert.equal(pre.statusCode, 200);
		assert.equal(header(pre, 'access-control-allow-headers'), 'authorization');
	});

	test('not-found: 404 {"detail":"Not Found"} everywhere, CORS as recorded', async () => {
		const s = await server('not-found');
		for (const path of ['/health/liveliness', '/v1/models']) {
			const a = await get(s, path, { Origin: 'http://localhost:4321' });
			assert.equal(a.statusCode, 404);
			assert.deepEqual(json(a), { detail: 'Not Found' });
			assert.equal(header(a, 'access-control-allow-origin'), '*');
		}
	});

	test('html: 200 text/html for everything, no CORS headers', async () => {
		const s = await server('html');
		const a = await get(s, '/health/liveliness', { Origin: 'http://localhost:4321' });
		assert.equal(a.statusCode, 200);
		assert.match(header(a, 'content-type')!, /^text\/html/);
		assert.match(a.body.toString(), /<html/);
		assert.equal(header(a, 'access-control-allow-origin'), undefined);
	});

	test('empty and no-model-list: the list is empty, the chat is the recorded 400', async () => {
		for (const scenario of ['empty', 'no-model-list'] as const) {
			const s = await server(scenario);
			const a = await get(s, '/v1/models', { Authorization: `Bearer ${MASTER_KEY}` });
			assert.deepEqual(json(a), { data: [], object: 'list' });
		}
	});

	test('slow: the connection is accepted, the request logged, and nothing ever comes back', async () => {
		const s = await server('slow');
		const socket = net.connect(s.port, '127.0.0.1');
		let received = '';
		socket.on('data', (d) => (received += d.toString()));
		await new Promise<void>((r) => socket.once('connect', () => r()));
		const before = s.requests.length;
		socket.write(`GET /health/liveliness HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`);
		for (let i = 0; i < 50 && s.requests.length === before; i++)
			await new Promise((r) => setTimeout(r, 10));
		assert.equal(s.requests.length, before + 1);
		await new Promise((r) => setTimeout(r, 200));
		assert.equal(received, '');
		socket.destroy();
	});

	test('requests are logged with method, path, lower-cased headers and body', async () => {
		const s = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await get(
				s,
				'/v1/chat/completions',
				{ Authorization: `Bearer ${MASTER_KEY}`, 'Content-Type': 'application/json' },
				'POST',
				'{"model":"bedrock-converse-us-claude-3-7-sonnet-v1"}',
			);
			assert.equal(s.requests.length, 1);
			assert.equal(s.requests[0].method, 'POST');
			assert.equal(s.requests[0].path, '/v1/chat/completions');
			assert.equal(s.requests[0].headers['content-type'], 'application/json');
			assert.equal(s.requests[0].body, '{"model":"bedrock-converse-us-claude-3-7-sonnet-v1"}');
			await get(s, '/v1/models', { Authorization: `Bearer ${MASTER_KEY}` });
			assert.equal(s.requests[1].body, null);
		} finally {
			await s.close();
		}
	});

	test('keep-alive: two requests on one connection both get their answer', async () => {
		const s = await server('ready');
		const socket = net.connect(s.port, '127.0.0.1');
		let received = '';
		socket.on('data', (d) => (received += d.toString('latin1')));
		await new Promise<void>((r) => socket.once('connect', () => r()));
		socket.write(
			`GET /health/liveliness HTTP/1.1\r\nHost: x\r\n\r\nGET /health/liveness HTTP/1.1\r\nHost: x\r\n\r\n`,
		);
		for (let i = 0; i < 100 && (received.match(/HTTP\/1\.1 200 OK/g) ?? []).length < 2; i++)
			await new Promise((r) => setTimeout(r, 10));
		socket.destroy();
		assert.equal((received.match(/HTTP\/1\.1 200 OK\r\n/g) ?? []).length, 2);
		assert.doesNotMatch(received, /connection:/i);
	});

	test('closedPortUrl: nothing listens there', async () => {
		const url = await closedPortUrl();
		const u = new URL(url);
		await assert.rejects(
			new Promise((resolve, reject) => {
				const c = net.connect(Number(u.port), u.hostname, () => resolve(c));
				c.on('error', reject);
			}),
			/ECONNREFUSED/,
		);
	});

	test('refuses non-loopback hosts', async () => {
		await assert.rejects(startLiteLLMServer({ host: '0.0.0.0' }), /loopback only/);
	});
});

before(() => {
	loadFixtures();
});
