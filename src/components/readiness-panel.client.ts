/**
 * Browser side of `<ReadinessPanel>`: runs every catalogue entry at once with its
 * defaults and writes one row per service (status word, first failing or warning
 * message as text). Uses the same origin guard as the single check: the key goes only
 * to each service's own Base URL.
 */
import { workshop } from '../../workshop.config.ts';
import { isLoopbackHostname } from '../lib/checks/normalize.ts';
import {
	STATUS_TEXT,
	originGuardedFetch,
	queryLocalNetworkPermission,
	toVerdict,
} from '../lib/checks/page.ts';
import { runService, serviceLabels } from '../lib/checks/runner/run.ts';
import { SERVICES } from '../lib/checks/services/index.ts';
import type { CheckReport } from '../lib/checks/types.ts';
import { VERDICT_EVENT } from '../lib/checks/verdict.ts';

export class ReadinessPanelElement extends HTMLElement {
	#running = false;

	connectedCallback(): void {
		this.querySelector('[data-rp-action="run"]')?.addEventListener('click', () => void this.run());
	}

	/** Runs every service at once; resolves when all rows have their verdict. */
	async run(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		this.dataset.state = 'running';
		const button = this.querySelector<HTMLButtonElement>('[data-rp-action="run"]');
		if (button) button.disabled = true;
		this.#say('確認しています…');
		const results = await Promise.all(SERVICES.map((s) => this.#runOne(s.id)));
		const failed = results.filter((r) => r && !r.ok).length;
		this.#say(
			failed === 0
				? 'すべてのサービスが使える状態です。'
				: `${failed} 件のサービスに問題があります。行のリンクから、各ワークショップのページで詳しく確認してください。`,
		);
		if (button) button.disabled = false;
		this.dataset.state = 'done';
		this.#running = false;
	}

	async #runOne(id: string): Promise<CheckReport | null> {
		const service = SERVICES.find((s) => s.id === id)!;
		const row = this.querySelector<HTMLElement>(`tr[data-service="${id}"]`);
		if (!row) return null;
		const set = (status: string, code: string, message: string) => {
			row.dataset.status = status;
			row.dataset.code = code;
			row.querySelector('[data-rp="status"]')!.textContent =
				STATUS_TEXT[status as keyof typeof STATUS_TEXT] ?? status;
			row.querySelector('[data-rp="message"]')!.textContent = message;
		};
		set('running', '', '');
		const keyOrigin = new URL(service.defaultBaseUrl).origin;
		const others = Object.values(service.extraUrls ?? {}).map((u) => new URL(u.default).origin);
		try {
			const report = await runService(service, {
				baseUrl: service.defaultBaseUrl,
				apiKey: workshop.defaultApiKey,
				model: service.defaultModel ?? '',
				fetch: originGuardedFetch(keyOrigin, others, fetch.bind(globalThis), location.href),
				timeoutMs: Number(this.dataset.timeoutMs) || undefined,
				lang: 'ja',
				localNetwork: {
					pageIsLoopback: isLoopbackHostname(location.hostname),
					permission: async () => (await queryLocalNetworkPermission(navigator.permissions)).state,
					pageOrigin: location.origin,
				},
			});
			const first =
				report.steps.find((s) => s.status === 'fail') ??
				report.steps.find((s) => s.status === 'warn');
			const worst = report.steps.some((s) => s.status === 'fail')
				? 'fail'
				: report.steps.some((s) => s.status === 'warn')
					? 'warn'
					: 'ok';
			const lastOk = report.steps.at(-1);
			set(worst, first?.code ?? lastOk?.code ?? '', (first ?? lastOk)?.message ?? '');
			const labels = serviceLabels(service, 'ja');
			this.dispatchEvent(
				new CustomEvent(VERDICT_EVENT, {
					detail: toVerdict(report, (s) => labels[s] ?? s),
					bubbles: true,
				}),
			);
			return report;
		} catch (error) {
			set('fail', '', `確認を完了できませんでした: ${String(error)}`);
			return null;
		}
	}

	#say(text: string): void {
		const el = this.querySelector('[data-rp="summary"]');
		if (el) el.textContent = text;
	}
}

if (!customElements.get('readiness-panel'))
	customElements.define('readiness-panel', ReadinessPanelElement);
