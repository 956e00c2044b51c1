/**
 * Browser side of `<HelpReport>`: the `<help-report>` custom element.
 *
 * It keeps the latest verdict of its service (`data-service`) announced on the page
 * (`VERDICT_EVENT` on `document`, src/lib/checks/verdict.ts); when none was announced
 * since the page loaded, it uses the one stored in this browser
 * (`readProgress()`, src/lib/progress/store.ts) and the report says so. The button
 * copies the report (src/lib/report/help-report.ts) and shows it as text under the
 * button (`textContent`), so the participant sees what is shared and can select it
 * when the clipboard is unavailable. The key is never in it.
 */
import { VERDICT_EVENT, type Verdict } from '../lib/checks/verdict.ts';
import { readProgress, toStoredVerdict, type StoredVerdict } from '../lib/progress/store.ts';
import { formatHelpReport } from '../lib/report/help-report.ts';
import { copyText } from './clipboard.client.ts';

function pageInfo(): { title: string; path: string } {
	const h1 = document.querySelector('main h1, h1');
	return { title: (h1?.textContent ?? document.title).trim(), path: location.pathname };
}

export class HelpReportElement extends HTMLElement {
	#live: StoredVerdict | undefined;
	#onVerdict = (e: Event) => {
		const v = (e as CustomEvent<Verdict>).detail;
		if (v?.service !== this.dataset.service) return;
		this.#live = toStoredVerdict(v, pageInfo());
	};

	connectedCallback(): void {
		document.addEventListener(VERDICT_EVENT, this.#onVerdict);
		this.querySelector('[data-hr="copy"]')?.addEventListener('click', () => void this.copy());
	}

	disconnectedCallback(): void {
		document.removeEventListener(VERDICT_EVENT, this.#onVerdict);
	}

	/** The report as it would be copied now. */
	report(): string {
		const service = this.dataset.service ?? '';
		const stored = readProgress().verdicts[service];
		const path = document.querySelector<HTMLElement>('[data-participant-path]');
		return formatHelpReport({
			page: pageInfo(),
			path: path?.dataset.participantPath ?? '',
			serviceLabel: this.dataset.serviceLabel ?? service,
			verdict: this.#live ?? stored,
			source: this.#live ? 'live' : 'stored',
			userAgent: navigator.userAgent,
			now: new Date().toISOString(),
		});
	}

	/** Copies the report and shows it; the status line says whether the copy worked. */
	async copy(): Promise<void> {
		const text = this.report();
		const preview = this.querySelector<HTMLElement>('[data-hr="text"]');
		const box = this.querySelector<HTMLDetailsElement>('[data-hr="preview"]');
		if (preview) preview.textContent = text;
		if (box) box.hidden = false;
		const done = await copyText(text);
		const status = this.querySelector<HTMLElement>('[data-hr="status"]');
		if (status)
			status.textContent = done
				? 'レポートをコピーしました。主催者やチャットに貼り付けてください。'
				: 'コピーできませんでした。下の「レポートの内容」を選択してコピーしてください。';
		if (!done && box) box.open = true;
	}
}

if (!customElements.get('help-report')) customElements.define('help-report', HelpReportElement);
