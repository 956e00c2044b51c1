/**
 * Japanese search: Starlight's search (Pagefind) finds the page for
 * Japanese terms that occur in it, through the real UI — the header's 検索 button,
 * the dialog's input, every result page loaded ("Load more" until all are shown).
 *
 * Pagefind segments CJK text only when it indexes a page as that language: the build
 * indexes every page as `ja` (Starlight's root locale `lang: 'ja'` → `<html lang="ja">`),
 * and the npm package runs the `pagefind_extended` binary (pagefind 1.6.0's wrapper
 * prefers it; @pagefind/linux-x64 ships only that one), which carries the CJK
 * segmentation. The first test pins the language, so a regression names its cause;
 * the term searches prove the segmentation (a word inside a compound is found).
 *
 * Each term is first checked to occur in the expected page's built HTML, so a page
 * edit that drops the word fails with that message rather than as a search failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures.ts';
import { basePath, distDir } from '../support/site-server.ts';

/** Terms and a page each must find (path under the base). */
const CASES: readonly { term: string; page: string }[] = [
	{ term: 'フォールバック', page: 'workshops/litellm/' },
	{ term: 'ポートフォワード', page: 'setup/self-ec2/' },
	{ term: 'マスターキー', page: 'workshops/litellm/' },
	{ term: 'トレース', page: 'workshops/langfuse/' },
	{ term: 'ローカルネットワーク', page: 'facilitators/' },
	// A word inside a compound: the page writes プロンプトキャッシュ.
	{ term: 'キャッシュ', page: 'workshops/cline/' },
];

/** Opens the search dialog, searches `term`, loads every result, returns the result pages' paths, one per result. */
async function search(page: Page, term: string): Promise<string[]> {
	const dialog = page.getByRole('dialog', { name: '検索' });
	if (!(await dialog.isVisible()))
		await page.locator('site-search button[data-open-modal]').click();
	const input = dialog.locator('input.pagefind-ui__search-input');
	await expect(input).toBeVisible();
	await input.fill(term);
	// The message says 「<term>」を検索しています… while the search runs, then
	// 「<term>」の検索結果: <n> 件 or 「<term>」に一致するページはありません (our Japanese
	// pagefind.* strings in src/content/i18n/ja.json; Starlight 0.42's ja has none).
	const message = dialog.locator('.pagefind-ui__message');
	let text = '';
	await expect
		.poll(
			async () => {
				text = (await message.textContent()) ?? '';
				return text.includes(term) && /検索結果: \d+ 件|一致するページはありません/.test(text);
			},
			{ message: `the search for 「${term}」 finishes with a Japanese message` },
		)
		.toBe(true);
	const total = Number(/検索結果: (\d+) 件/.exec(text)?.[1] ?? 0);
	const results = dialog.locator('.pagefind-ui__results > .pagefind-ui__result');
	const more = dialog.locator('button.pagefind-ui__button');
	while ((await results.count()) < total) {
		const shown = await results.count();
		await more.click();
		await expect.poll(() => results.count()).toBeGreaterThan(shown);
	}
	await expect(results).toHaveCount(total);
	// One link per result: the page's own title (the nested ones are its sections).
	const hrefs = await results
		.locator('> .pagefind-ui__result-inner > .pagefind-ui__result-title a.pagefind-ui__result-link')
		.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
	expect(hrefs).toHaveLength(total);
	return hrefs.map((h) => h.replace(/#.*$/, ''));
}

test('the index is built as Japanese (the pages say lang="ja")', () => {
	const entry = JSON.parse(
		readFileSync(join(distDir, 'pagefind', 'pagefind-entry.json'), 'utf8'),
	) as { languages: Record<string, unknown> };
	expect(Object.keys(entry.languages)).toEqual(['ja']);
	const index = readFileSync(join(distDir, 'index.html'), 'utf8');
	expect(index).toMatch(/<html[^>]* lang="ja"/);
});

for (const { term, page: expected } of CASES) {
	test(`「${term}」 finds ${expected}`, async ({ page }) => {
		const file = join(distDir, expected, 'index.html');
		expect(
			readFileSync(file, 'utf8'),
			`${expected} no longer contains 「${term}」: pick another term`,
		).toContain(term);
		await page.goto('');
		const found = await search(page, term);
		expect(
			found,
			`「${term}」: ${basePath + expected} not among the ${found.length} results`,
		).toContain(basePath + expected);
	});
}

test('a term that is on no page finds nothing', async ({ page }) => {
	await page.goto('');
	// A word no page has, nor any of its parts (Pagefind also matches the parts of a
	// Japanese word: 相対性理論 once found 「相対パス」).
	expect(await search(page, 'ゾウリムシ')).toEqual([]);
});
