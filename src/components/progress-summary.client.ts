/**
 * Browser side of `<ProgressSummary>`: the `<progress-summary>` custom element. Fills
 * each service's line from the stored progress (`readProgress()`,
 * src/lib/progress/store.ts) on connect and after every `PROGRESS_EVENT`; its
 * 「記録を消す」 button is handled by ./progress.client.ts (imported here so it is on the
 * page even without the chart). Text only (`textContent`).
 */
import { PROGRESS_EVENT, readProgress, verdictText } from '../lib/progress/store.ts';
import './progress.client.ts';

export class ProgressSummaryElement extends HTMLElement {
	#onChange = () => this.render();

	connectedCallback(): void {
		document.addEventListener(PROGRESS_EVENT, this.#onChange);
		this.render();
	}

	disconnectedCallback(): void {
		document.removeEventListener(PROGRESS_EVENT, this.#onChange);
	}

	/** Writes the stored verdicts and the visit count into the list. */
	render(): void {
		const p = readProgress();
		for (const li of this.querySelectorAll<HTMLElement>('[data-progress-service]')) {
			const v = p.verdicts[li.dataset.progressService!];
			li.dataset.state = v ? (v.ok ? 'ok' : 'failed') : 'none';
			const out = li.querySelector('[data-ps="verdict"]');
			if (out) out.textContent = v ? verdictText(v) : '未確認';
		}
		const visited = this.querySelector('[data-ps="visited"]');
		if (visited)
			visited.textContent = `訪問したページ: ${Object.keys(p.visited).length} / ${this.dataset.pages}`;
	}
}

if (!customElements.get('progress-summary'))
	customElements.define('progress-summary', ProgressSummaryElement);
