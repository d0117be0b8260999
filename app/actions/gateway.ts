'use server';

import { asCaller } from '@/lib/actions';
import { sendTestRequest, tryOperation } from '@/lib/gateway/test-request';

/** Send test request: the server calls the gateway with the client version's key (no change is written). */
export async function sendTestRequestAction(input: { clientVersionId: number; apiVersionId: number }) {
  return asCaller((context) => sendTestRequest(context, input));
}

/** Try it: one operation of the API's document, sent through the gateway by the server (nothing is written). */
export async function tryOperationAction(input: {
  apiVersionId: number;
  clientVersionId: number | null;
  method: string;
  path: string;
  query: [string, string][];
  contentType: string | null;
  body: string | null;
}) {
  return asCaller((context) => tryOperation(context, input));
}
