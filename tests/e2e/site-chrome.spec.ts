import { readFileSync } from 'node:fs';
import { workshop } from '../../workshop.config.ts';
import { builtPages } from '../support/dist-pages.ts';
import { test, expect } from '../support/fixtures.ts';

/**
 * Starlight's own chrome around our pages, in Japanese and without repetition.
 * - Starlight 0.42's bundled Japanese lacks `heading.anchorLabel` and falls back to
 *   English ("Section titled …"); src/content/i18n/ja.json supplies it.
 * - The top page's title is the event name, which is also the site title:
 *   src/route-data.ts keeps its `<title>` from reading "X | X".
 */
test('no page carries Starlight English fallbacks for the heading anchor label', () => {
	const pages = builtPages();
	expect(pages.length).toBeGreaterThan(17);
	const english = pages.filter((p) => readFileSync(p.file, 'utf8').includes('Section titled'));
	expect(english.map((p) => p.path)).toEqual([]);
});

test('heading anchors are labelled in Japanese for screen readers', async ({ page }) => {
	await page.goto('workshops/litellm/');
	const anchor = page.locator('.sl-anchor-link').first();
	await expect(anchor).toHaveAccessibleName(/」セクションへのリンク$/);
});

test('the top page is titled with the event name once; other pages "<page> | <event>"', async ({
	page,
}) => {
	await page.goto('');
	await expect(page).toHaveTitle(workshop.eventName);
	await page.goto('workshops/litellm/');
	await expect(page).toHaveTitle(`LiteLLM ワークショップ | ${workshop.eventName}`);
});
