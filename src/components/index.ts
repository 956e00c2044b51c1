/**
 * The one index of this site's MDX components. Pages import from here:
 * `import { ProxyCheck } from '~/components'` is not configured; use a relative path,
 * e.g. `import { ProxyCheck } from '../../components/index.ts';`.
 */
export { default as ProxyCheck } from './ProxyCheck.astro';
export { default as ServiceCheck } from './ServiceCheck.astro';
export { default as ReadinessPanel } from './ReadinessPanel.astro';
export { default as Mermaid } from './Mermaid.astro';
export { default as PageCard } from './PageCard.astro';
export { default as ArchitectureDiagram } from './ArchitectureDiagram.astro';
export { default as ClineSettings } from './ClineSettings.astro';
export { default as HelpReport } from './HelpReport.astro';
export { default as ProgressSummary } from './ProgressSummary.astro';
