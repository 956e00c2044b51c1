/**
 * Hostile answers for the catalogue entries besides LiteLLM's main check (Langfuse,
 * MLflow's proxy, the reachability entries): a redirect is never followed and is its
 * own outcome, a body over the limit is not read to its end, a reset connection is
 * named; and the page's origin guard keeps every request on `redirect: 'manual'`
 * except the header-less no-cors probe.
 *
 * The servers here are invented on purpose (no Langfuse, MLflow or VS Code Server
 * answer redirects on these routes in the recordings); each answers one way.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { fetch as undiciFetch } from 'undici';
import { originGuardedFetch } from '../../src/lib/checks/page.ts';
import { startLiteLLMServer } from '../support/litellm-server.ts';
import { checkService } from './checks-fakes.ts';

interface Plain {
	url: string;
	/** Requests that arrived: path and whether they carried a key header. */
	seen: { path: string; key: boolean }[];
	close(): Promise<void>;
}
const open: Plain[] = [];
after(async () => {
	for (const s of open) await s.close();
});

/** A loopback server answering every request with `answer`. */
async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<Plain> {
	const seen: Plain['seen'] = [];
	const server = createServer((req, res) => {
		seen.push({
			path: req.url ?? '',
			key: !!(req.headers.authorization || req.headers['x-litellm-api-key']),
		});
		answer(req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const s: Plain = {
		url: `http://127.0.0.1:${port}`,
		seen,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	open.push(s);
	return s;
}

const redirectTo = (location: string) => (_req: IncomingMessage, res: ServerResponse) => {
	res.writeHead(302, { location, 'content-length': '0' });
	res.end();
};

const check = checkService;

describe('other services under hostile answers (CLI, undici)', () => {
	test('Langfuse web redirects to another host → web.redirect naming the host; nothing reaches it', async () => {
		const elsewhere = await serve((_req, res) => res.end('{"status":"OK"}'));
		const web = await serve(redirectTo(`${elsewhere.url}/api/public/health`));
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			const r = await check('langfuse', { baseUrl: proxy.url, urls: { langfuseWeb: web.url } });
			const s = r.steps.find((x) => x.id === 'web')!;
			assert.equal(s.code, 'web.redirect');
			assert.equal(s.status, 'fail');
			assert.match(s.message, new RegExp(new URL(elsewhere.url).host.replace(/\./g, '\\.')));
			assert.equal(elsewhere.seen.length, 0);
			assert.equal(r.ok, false);
		} finally {
			await proxy.close();
		}
	});

	test('Langfuse web answering 5 MiB → web.too_large, the body not read to its end', async () => {
		const web = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(`{"status":"OK","pad":"${'x'.repeat(5 * 1024 * 1024)}"}`);
		});
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			const r = await check('langfuse', { baseUrl: proxy.url, urls: { langfuseWeb: web.url } });
			const s = r.steps.find((x) => x.id === 'web')!;
			assert.equal(s.code, 'web.too_large');
			assert.match(s.message, /4 MiB/);
		} finally {
			await proxy.close();
		}
	});

	test("MLflow's proxy redirecting /v1/models to another host → key.redirect; the key never arrives there", async () => {
		const elsewhere = await serve((_req, res) => res.end('{"data":[]}'));
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		const front = await serve((req, res) => {
			if (req.url === '/v1/models') return redirectTo(`${elsewhere.url}/v1/models`)(req, res);
			// everything else as the proxy answers it
			undiciFetch(`${proxy.url}${req.url}`, { headers: req.headers as Record<string, string> })
				.then(async (a) => {
					res.writeHead(a.status, { 'content-type': a.headers.get('content-type') ?? '' });
					res.end(await a.text());
				})
				.catch(() => res.destroy());
		});
		try {
			const r = await check('mlflow', { baseUrl: front.url });
			assert.equal(r.steps.find((x) => x.id === 'key')!.code, 'key.redirect');
			assert.equal(r.cline, undefined);
			assert.deepEqual(
				elsewhere.seen.filter((q) => q.key),
				[],
			);
		} finally {
			await proxy.close();
		}
	});

	test('VS Code Server redirecting / to its login page → reach.answers_redirect (something listens), not followed', async () => {
		const vscode = await serve((req, res) =>
			req.url === '/' ? redirectTo('/login')(req, res) : res.end('login page'),
		);
		const r = await check('vscode', { baseUrl: vscode.url });
		assert.equal(r.steps[0].code, 'reach.answers_redirect');
		assert.equal(r.ok, true);
		assert.match(r.steps[0].message, /\/login/);
		assert.deepEqual(
			vscode.seen.map((q) => q.path),
			['/'],
		);
	});

	test('a reach URL redirecting to another host → reach.redirect (fail), nothing sent there', async () => {
		const elsewhere = await serve((_req, res) => res.end('ok'));
		const ui = await serve(redirectTo(`${elsewhere.url}/ui/`));
		const r = await check('litellm-ui', { baseUrl: ui.url });
		assert.equal(r.steps[0].code, 'reach.redirect');
		assert.equal(r.steps[0].status, 'fail');
		assert.equal(elsewhere.seen.length, 0);
	});

	test('a reset connection on the first request → reach.reset in words, the raw error only in a detail', async () => {
		const rst = await serve((req) => req.socket.resetAndDestroy());
		const r = await check('vscode', { baseUrl: rst.url });
		assert.equal(r.steps[0].code, 'reach.reset');
		assert.doesNotMatch(r.steps[0].message, /ECONNRESET|UND_ERR|TypeError/);
	});
});

describe('origin guard: redirects', () => {
	const inits: (RequestInit | undefined)[] = [];
	const urls: string[] = [];
	const record = (async (input: RequestInfo | URL, init?: RequestInit) => {
		urls.push(String(input));
		inits.push(init);
		return new Response('');
	}) as typeof globalThis.fetch;
	const guard = originGuardedFetch(
		'https://localhost:4000',
		['http://localhost:3000'],
		record,
		'https://workshop.example.com/',
	);

	test("every request with headers goes out on redirect 'manual', whatever the caller asked", async () => {
		await guard('https://localhost:4000/v1/models', {
			headers: { authorization: 'Bearer sk-x' },
			redirect: 'follow',
		});
		await guard('http://localhost:3000/api/public/health', { redirect: 'follow' });
		assert.deepEqual(
			inits.slice(-2).map((i) => i?.redirect),
			['manual', 'manual'],
		);
	});

	test("a no-cors probe keeps 'follow' (Chromium refuses no-cors with any other mode)", async () => {
		await guard('https://localhost:4000/health/liveliness', { mode: 'no-cors' });
		assert.equal(inits.at(-1)?.redirect, 'follow');
	});

	test('the http twin of an https origin gets a bare no-cors GET only', async () => {
		await guard('http://localhost:4000/health/liveliness', { mode: 'no-cors', method: 'GET' });
		assert.equal(urls.at(-1), 'http://localhost:4000/health/liveliness');
		await assert.rejects(
			guard('http://localhost:4000/v1/models', {
				mode: 'no-cors',
				headers: { authorization: 'Bearer sk-x' },
			}),
			TypeError,
		);
		await assert.rejects(guard('http://localhost:4000/v1/models'), TypeError);
		await assert.rejects(
			guard('http://localhost:4000/v1/models', { mode: 'no-cors', method: 'POST', body: 'x' }),
			TypeError,
		);
	});
});
