/**
 * The transport layer of the check (src/lib/checks/http.ts, transport.ts): redirects
 * are reported, never followed; bodies are read up to a limit and the rest is left
 * unread; network failures are classified for the texts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readBounded, redirectOf, send } from '../../src/lib/checks/http.ts';
import { httpTwin, networkCause, refusedAnswer } from '../../src/lib/checks/transport.ts';

describe('redirectOf', () => {
	const at = 'http://localhost:4000/v1/model/info';
	test('a 302 to another origin, a relative Location, a browser opaque-redirect', () => {
		const other = new Response(null, {
			status: 302,
			headers: { location: 'http://evil.invalid:9/x' },
		});
		assert.deepEqual(redirectOf(other, at), {
			kind: 'redirect',
			status: 302,
			target: 'other_host',
			location: 'http://evil.invalid:9/x',
		});
		const same = new Response(null, { status: 307, headers: { location: '/v1/model/info/' } });
		assert.equal(redirectOf(same, at)?.target, 'same_origin');
		const opaque = {
			type: 'opaqueredirect',
			status: 0,
			headers: new Headers(),
		} as unknown as Response;
		assert.deepEqual(redirectOf(opaque, at), { kind: 'redirect', status: 0, target: 'unknown' });
	});
	test('not a redirect: 200, 304, a 302 without Location', () => {
		assert.equal(redirectOf(new Response('x'), at), undefined);
		assert.equal(redirectOf(new Response(null, { status: 304 }), at), undefined);
		assert.equal(redirectOf(new Response(null, { status: 302 }), at), undefined);
	});
});

describe('readBounded', () => {
	test('stops reading an endless body past the limit and cancels the stream', async () => {
		let pulls = 0;
		let cancelled = false;
		const body = new ReadableStream<Uint8Array>({
			pull(c) {
				pulls++;
				c.enqueue(new Uint8Array(64 * 1024));
			},
			cancel() {
				cancelled = true;
			},
		});
		assert.equal(await readBounded(new Response(body), 1024 * 1024), null);
		assert.equal(cancelled, true);
		assert.ok(pulls <= 20, `${pulls} chunks pulled for a 1 MiB limit`);
	});
	test('a body at the limit is read whole; a declared Content-Length over it is not read at all', async () => {
		assert.equal(await readBounded(new Response('x'.repeat(100)), 100), 'x'.repeat(100));
		const big = new Response('x'.repeat(10), { headers: { 'content-length': '5000000' } });
		assert.equal(await readBounded(big, 1000), null);
	});
	test('multi-byte characters split across chunks are decoded whole', async () => {
		const bytes = new TextEncoder().encode('モデル');
		const body = new ReadableStream<Uint8Array>({
			start(c) {
				for (const b of bytes) c.enqueue(new Uint8Array([b]));
				c.close();
			},
		});
		assert.equal(await readBounded(new Response(body), 100), 'モデル');
	});
});

describe('send', () => {
	test('asks fetch not to follow redirects and reports a 302 as a redirect', async () => {
		let asked: RequestInit | undefined;
		const fetch = (async (_: unknown, init?: RequestInit) => {
			asked = init;
			return new Response(null, { status: 302, headers: { location: 'http://other.invalid/' } });
		}) as typeof globalThis.fetch;
		const r = await send({ fetch }, 'http://localhost:4000/v1/models', { method: 'GET' }, 1000);
		assert.equal(asked?.redirect, 'manual');
		assert.equal(r.kind, 'redirect');
	});
	test('a body over maxBytes → too_large with the status and the limit', async () => {
		const fetch = (async () =>
			new Response('x'.repeat(2000))) as unknown as typeof globalThis.fetch;
		const r = await send({ fetch, maxBytes: 1000 }, 'http://localhost:4000/', {}, 1000);
		assert.deepEqual(r, { kind: 'too_large', status: 200, limitBytes: 1000 });
	});
});

describe('transport', () => {
	test('networkCause', () => {
		assert.equal(networkCause(undefined), 'browser');
		assert.equal(networkCause('ECONNREFUSED'), 'refused');
		assert.equal(networkCause('ECONNRESET'), 'reset');
		assert.equal(networkCause('UND_ERR_SOCKET'), 'reset');
		assert.equal(networkCause('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls');
		assert.equal(networkCause('ENOTFOUND'), 'dns');
		assert.equal(networkCause('EHOSTUNREACH'), 'other');
	});
	test('httpTwin: the same host and port over http, only for https', () => {
		assert.equal(httpTwin('https://localhost:4000'), 'http://localhost:4000');
		assert.equal(httpTwin('https://[::1]:4000'), 'http://[::1]:4000');
		assert.equal(httpTwin('https://proxy.example'), 'http://proxy.example:443');
		assert.equal(httpTwin('http://localhost:4000'), undefined);
	});
	test('refusedAnswer names host and path of a redirect, the limit of a large body', () => {
		const a = refusedAnswer({
			kind: 'redirect',
			status: 302,
			target: 'other_host',
			location: 'http://evil.invalid:9/v1/models?x=1',
		});
		assert.equal(a.text, 'redirect_other_host');
		assert.deepEqual(a.params, { host: 'evil.invalid:9', location: '/v1/models?x=1' });
		assert.equal(
			refusedAnswer({ kind: 'redirect', status: 0, target: 'unknown' }).text,
			'redirect',
		);
		assert.deepEqual(
			refusedAnswer({ kind: 'too_large', status: 200, limitBytes: 4194304 }).params,
			{
				limitMiB: 4,
			},
		);
	});
});
