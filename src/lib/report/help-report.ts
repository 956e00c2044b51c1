/**
 * The plain-text report a participant copies for a facilitator (「ヘルプ用レポートを
 * コピー」, src/components/HelpReport.astro): the page, the participant's path, each
 * step of the latest check with its code, message and time, the LiteLLM version where
 * the proxy told it, the browser and the time. Codes are the README's (its table of
 * outcome codes), so a facilitator looks the cause up there.
 *
 * The API key never appears, not even masked: verdicts do not carry it, and every
 * line is passed through {@link scrubSecrets} in case a proxy echoed one back.
 *
 * Pure TypeScript; no DOM.
 */
import { scrubSecrets, type StoredVerdict } from '../progress/store.ts';

/** What the report is made of. */
export interface HelpReportInput {
	/** The page the report is copied from: its title and URL path (no origin, no query). */
	page: { title: string; path: string };
	/** The participant's path, one line (e.g. 概要 › Workshop Studio › Amazon EC2 › …). */
	path: string;
	/** The checked service's display name, e.g. 'LiteLLM Proxy'. */
	serviceLabel: string;
	/** The latest verdict, or undefined when the check has not run in this browser. */
	verdict: StoredVerdict | undefined;
	/** 'live': from this page's run; 'stored': read back from the progress record after a reload. */
	source: 'live' | 'stored';
	/** `navigator.userAgent`. */
	userAgent: string;
	/** When the report was made, ISO 8601. */
	now: string;
}

const STATUS: Record<string, string> = {
	ok: 'OK',
	warn: '注意',
	fail: '失敗',
	skipped: 'スキップ',
};

/** One line: control characters and line breaks become spaces, keys are scrubbed. */
function line(text: string): string {
	// eslint-disable-next-line no-control-regex
	return scrubSecrets(text.replace(/[\u0000-\u001f\u007f]+/g, ' ')).trim();
}

/**
 * Formats the report.
 * @returns plain text, lines separated by `\n`, no trailing newline.
 */
export function formatHelpReport(input: HelpReportInput): string {
	const { page, verdict } = input;
	const out: string[] = [
		'【ワークショップ ヘルプ用レポート】',
		`ページ: ${line(page.title)} (${line(page.path)})`,
		`道順: ${line(input.path) || '（記録なし）'}`,
		`確認: ${line(input.serviceLabel)}`,
	];
	if (!verdict) {
		out.push('結果: まだ確認していません（「確認する」を押してから、もう一度コピーしてください）');
	} else {
		out.push(
			`結果: ${verdict.ok ? 'OK' : `失敗 (${line(verdict.code ?? '')})`} ${line(verdict.at)}`,
		);
		if (input.source === 'stored')
			out.push(
				'（ページを読み込み直したため、このブラウザーに記録された最後の結果です。画面の表示とは異なる場合があります）',
			);
		out.push(`Base URL: ${line(verdict.baseUrl)}`);
		if (verdict.version) out.push(`LiteLLM バージョン: ${line(verdict.version)}`);
		out.push('手順:');
		for (const s of verdict.steps) {
			out.push(
				`- ${line(s.label || s.id)}: ${STATUS[s.status] ?? line(s.status)} ${line(s.code)} ${Math.round(s.ms)} ms`,
			);
			if (s.message) out.push(`  ${line(s.message)}`);
		}
	}
	out.push(`ブラウザー: ${line(input.userAgent)}`);
	out.push(`作成日時: ${line(input.now)}`);
	return out.join('\n');
}
