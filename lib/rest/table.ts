import { getDb } from '@/db';
import { handleRest } from './handle';
import { openApiDocument } from './openapi';
import type { AnyRoute } from './route';
import { accountRoutes } from './routes/account';
import { apiRoutes } from './routes/apis';
import { clientRoutes } from './routes/clients';
import { metricsRoutes } from './routes/metrics';
import { organizationRoutes } from './routes/organizations';
import { webhookRoutes } from './routes/webhooks';

/** Every operation of the management API, in the order the document lists them. */
export const restRoutes: readonly AnyRoute[] = [
  ...organizationRoutes,
  ...apiRoutes,
  ...clientRoutes,
  ...metricsRoutes,
  ...webhookRoutes,
  ...accountRoutes,
];

let document: ReturnType<typeof openApiDocument> | null = null;

/** The OpenAPI document, written once per process from the route table. */
export function restDocument() {
  document ??= openApiDocument(restRoutes);
  return document;
}

/** What app/api/v1/[[...path]]/route.ts answers every method with. */
export function serveRest(request: Request): Promise<Response> {
  return handleRest(request, { db: getDb(), routes: restRoutes, documents: { '/openapi.json': restDocument } });
}
