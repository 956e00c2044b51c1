import { chromium, type Browser, type Page } from '@playwright/test';
import { generate } from 'selfsigned';
import { chromiumArgs, chromiumPath } from '../../src/lib/browser.ts';
import { startSiteServer, type RunningSite } from './site-server.ts';

/**
 * The built site as Chromium sees a published site: served over https from an
 * address Chromium treats as *public*, so every fetch to the participant's
 * `http://localhost:4000` (here: the replay server on another loopback port) goes
 * through Local Network Access (LNA) and needs the `local-network-access` permission.
 *
 * How (measured; /work/shared/browser-local-network.md):
 * - https with a self-signed certificate (only secure public pages may get the
 *   permission at all), so contexts need `ignoreHTTPSErrors: true`;
 * - Chromium launched with `--ip-address-space-overrides=127.0.0.1:<site port>=public`
 *   (exact ip:port: a port range covering the proxy would make the proxy public too
 *   and hide the block). A malformed flag is ignored silently, hence
 *   {@link documentAddressSpace};
 * - `--host-resolver-rules` maps {@link PUBLIC_HOST} to 127.0.0.1, so the page has a
 *   public-looking host name (alone this changes nothing; the override does the work).
 */
/**
 * The host name the public site is reached by. Chromium resolves it to 127.0.0.1
 * (`--host-resolver-rules`), so the page has a realistic, non-loopback host name as
 * on GitHub Pages: the component decides "page is loopback" from `location.hostname`,
 * and with a bare `https://127.0.0.1:…` it would (rightly) think it is.
 */
export const PUBLIC_HOST = 'workshop.example.com';

export interface PublicSite {
	/** The https site server (`site.url` is its 127.0.0.1 address). */
	site: RunningSite;
	/** The site as the browser should open it: `https://workshop.example.com:<port><base>`. */
	url: string;
	/** Chromium with the address-space override for exactly this site's ip:port. */
	browser: Browser;
	close(): Promise<void>;
}

/**
 * A self-signed certificate for {@link PUBLIC_HOST} and 127.0.0.1, PEM strings.
 * Generated per call (about 10 ms with an EC P-256 key); nothing is written to disk.
 */
export async function selfSignedCert(): Promise<{ key: string; cert: string }> {
	const pems = await generate([{ name: 'commonName', value: PUBLIC_HOST }], {
		keyType: 'ec',
		algorithm: 'sha256',
		extensions: [
			{ name: 'basicConstraints', cA: false },
			{
				name: 'subjectAltName',
				altNames: [
					{ type: 2, value: PUBLIC_HOST },
					{ type: 7, ip: '127.0.0.1' },
				],
			},
		],
	});
	return { key: pems.private, cert: pems.cert };
}

/**
 * Starts `dist/` over https on a free loopback port and a Chromium whose
 * `--ip-address-space-overrides` marks exactly that ip:port as public.
 *
 * @param options.headless default true. Headless with no permission grant makes a
 *   loopback fetch reject at once (`TypeError: Failed to fetch`); the pending-prompt
 *   case needs a headed browser (tests/e2e/checks-prompt.spec.ts).
 * @param options.display X display for a headed browser, e.g. ':101' (an Xvfb the
 *   caller started); sets `DISPLAY` for Chromium only. Default: inherit `DISPLAY`.
 * @throws if `dist/` is missing (build first) or Chromium fails to launch (headed
 *   without a usable display included).
 */
export async function startPublicSite(
	options: { headless?: boolean; display?: string } = {},
): Promise<PublicSite> {
	const site = await startSiteServer({ tls: await selfSignedCert() });
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		headless: options.headless ?? true,
		...(options.display ? { env: { ...process.env, DISPLAY: options.display } } : {}),
		args: [
			...chromiumArgs,
			`--ip-address-space-overrides=127.0.0.1:${site.port}=public`,
			`--host-resolver-rules=MAP ${PUBLIC_HOST} 127.0.0.1`,
		],
	});
	return {
		site,
		url: site.url.replace('//127.0.0.1:', `//${PUBLIC_HOST}:`),
		browser,
		close: async () => {
			await browser.close();
			await site.close();
		},
	};
}

/**
 * Loads `url` in `page` and returns the IP address space Chromium assigned to the
 * document, read from the CDP event `Network.responseReceivedExtraInfo`
 * (`resourceIPAddressSpace`: 'Public' | 'Local' | 'Loopback' | 'Unknown').
 * Use it to prove the override flag took effect before asserting LNA behaviour.
 *
 * @returns the address space of the main document response, or `undefined` if
 *   Chromium reported none.
 */
export async function documentAddressSpace(page: Page, url: string): Promise<string | undefined> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	const spaces = new Map<string, string>();
	let documentRequestId: string | undefined;
	cdp.on('Network.requestWillBeSent', (e) => {
		if (e.type === 'Document' && documentRequestId === undefined) documentRequestId = e.requestId;
	});
	cdp.on('Network.responseReceivedExtraInfo', (e) => {
		spaces.set(e.requestId, e.resourceIPAddressSpace);
	});
	await page.goto(url);
	await cdp.detach();
	return documentRequestId === undefined ? undefined : spaces.get(documentRequestId);
}
