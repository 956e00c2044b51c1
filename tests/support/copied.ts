import type { Page } from '@playwright/test';

/**
 * What each copy button of the current page puts on the clipboard, in page order:
 * Expressive Code's `data-code` attribute, whose line breaks it encodes as U+007F.
 *
 * @param page a Playwright page showing a built site page
 * @returns one string per code block with a copy button, line breaks restored
 */
export async function copiedTexts(page: Page): Promise<string[]> {
	const codes = await page
		.locator('.expressive-code button[data-code]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));
	return codes.map((c) => c.replace(/\u007f/g, '\n'));
}

/**
 * Asserts that each of `commands` is copied by some copy button of the page, and in
 * the given order (each one's first copy button after the previous one's).
 *
 * @param copied the result of `copiedTexts`
 * @param commands the exact copied texts, in the order a participant runs them
 * @returns a list of problems (empty when all are present in order), so a test can
 *   `expect(problems).toEqual([])` and see every missing or misplaced command at once
 */
export function commandsInOrder(copied: readonly string[], commands: readonly string[]): string[] {
	const problems: string[] = [];
	let last = -1;
	let lastCommand = '';
	for (const c of commands) {
		const at = copied.indexOf(c, last + 1);
		if (at < 0) {
			const anywhere = copied.indexOf(c);
			problems.push(
				anywhere < 0
					? `not copied by any button: ${c}`
					: `copied before «${lastCommand}», expected after it: ${c}`,
			);
			continue;
		}
		last = at;
		lastCommand = c;
	}
	return problems;
}
