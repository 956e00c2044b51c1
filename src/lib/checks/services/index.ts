/**
 * The service catalogue: one entry per local service of the workshop, in the order
 * the readiness panel lists them. The component (`<ServiceCheck service>`), the
 * readiness panel, `npm run doctor -- --service` and the tests map over this list; a
 * new service is one file here plus its tests.
 */
import type { ServiceDef } from '../runner/types.ts';
import { langfuse } from './langfuse.ts';
import { litellm } from './litellm.ts';
import { mlflow } from './mlflow.ts';
import { litellmUi, vscode } from './reach.ts';

/** Every service, in panel order. */
export const SERVICES: readonly ServiceDef<any>[] = [litellm, mlflow, langfuse, litellmUi, vscode];

/** The catalogue ids. */
export const SERVICE_IDS: readonly string[] = SERVICES.map((s) => s.id);

/**
 * The entry of `id`.
 * @throws Error naming the known ids when `id` is not in the catalogue
 */
export function serviceById(id: string): ServiceDef<any> {
	const s = SERVICES.find((x) => x.id === id);
	if (!s) throw new Error(`unknown service "${id}" (known: ${SERVICE_IDS.join(', ')})`);
	return s;
}
