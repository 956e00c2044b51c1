/**
 * Detail rows and the small text helpers every service's steps share: labelled
 * values, proxy text made safe to quote, shell-safe words, and the commands a
 * participant copies (the EC2 port forward of the set-up pages).
 */
import { workshop } from '../../../../workshop.config.ts';
import { DETAIL_LABELS, type DetailLabel } from '../messages.ts';
import { isLoopbackHostname, redactKey } from '../normalize.ts';
import type { StepDetail } from '../types.ts';
import type { RunBase } from './types.ts';

/** Longest proxy-supplied text quoted in a message or detail (characters). */
export const MAX_QUOTE = 300;

/** A labelled detail row in the run's language; `copy` marks a command or id worth a copy button. */
export function detail(ctx: RunBase, label: DetailLabel, value: string, copy = false): StepDetail {
	return copy
		? { label: DETAIL_LABELS[ctx.lang][label], value, copy }
		: { label: DETAIL_LABELS[ctx.lang][label], value };
}

/** Proxy text made safe to quote: key redacted (see `redactKey`), whitespace collapsed, length capped. */
export function quote(ctx: RunBase, text: string): string {
	const flat = redactKey(text, ctx.apiKey, ctx.lang).replace(/\s+/g, ' ').trim();
	return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE)}…` : flat;
}

/** The Base URL's port ('80'/'443' when implicit; `fallback` when the URL is unusable). */
export function port(ctx: RunBase, fallback = '4000'): string {
	try {
		const u = new URL(ctx.base);
		return u.port || (u.protocol === 'https:' ? '443' : '80');
	} catch {
		return fallback;
	}
}

/** The Base URL points at this machine (localhost, 127.0.0.0/8, [::1]). */
export function isLoopbackBase(ctx: RunBase): boolean {
	try {
		return isLoopbackHostname(new URL(ctx.base).hostname);
	} catch {
		return false;
	}
}

/**
 * `value` as one word for bash, zsh and sh: as it is when it holds only characters no
 * shell treats specially, else in single quotes. A Base URL may legally hold `;`, `$`,
 * `'`, `(` or `[ ]` (IPv6), which a pasted command must not run or expand.
 */
export function shellWord(value: string): string {
	return /^[A-Za-z0-9_\/:.,@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `~/aws-samples/workshops/ai-coding-workshop/cline/<dir>`, shell-quoted, as the pages' `cd` writes it. */
export function workshopDir(dir: string): string {
	return `~/${shellWord(`aws-samples/workshops/ai-coding-workshop/cline/${dir}`)}`;
}

/**
 * The set-up pages' SSM port forward (setup/studio-ec2.mdx, self-ec2.mdx), run on the
 * participant's PC: instance port `remotePort` opened as local `localPort`. The
 * instance placeholder is the pages' `<instance id>`.
 */
export function portForwardCommand(
	remotePort: number | string,
	localPort: number | string,
): string {
	return `aws ssm start-session --target <instance id> --document-name AWS-StartPortForwardingSession --parameters '{"portNumber":["${remotePort}"],"localPortNumber":["${localPort}"]}' --profile ${shellWord(workshop.awsProfile)}`;
}

/** The port-forward detail row for the Base URL's port. */
export function portForwardDetail(ctx: RunBase, remotePort: number | string): StepDetail {
	return detail(
		ctx,
		'portForward',
		portForwardCommand(remotePort, port(ctx, String(remotePort))),
		true,
	);
}
