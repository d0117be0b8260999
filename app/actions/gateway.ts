'use server';

import { asCaller } from '@/lib/actions';
import { sendTestRequest } from '@/lib/gateway/test-request';

/** Send test request: the server calls the gateway with the client version's key (no change is written). */
export async function sendTestRequestAction(input: { clientVersionId: number; apiVersionId: number }) {
  return asCaller((context) => sendTestRequest(context, input));
}
