import { defineCollection } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { z } from 'astro/zod';
import { workshop } from '../workshop.config.ts';
import { placeholderValues, trySubstitute } from './lib/config/placeholders.ts';

const values = placeholderValues(workshop);

/**
 * A frontmatter string with the event's `%%placeholders%%` replaced (the same ones as
 * in page text: src/lib/config/placeholders.ts). An unknown placeholder is a schema
 * error, which Astro reports with the page's file and fails the build.
 */
const withValues = z.string().transform((text, ctx) => {
	const r = trySubstitute(text, values);
	if (r.ok) return r.text;
	ctx.issues.push({ code: 'custom', message: r.message, input: text });
	return z.NEVER;
});

export const collections = {
	docs: defineCollection({
		loader: docsLoader(),
		schema: docsSchema({
			extend: z.object({ title: withValues, description: withValues.optional() }),
		}),
	}),
	/** Starlight UI strings that its bundled Japanese translation lacks (src/content/i18n/ja.json). */
	i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
