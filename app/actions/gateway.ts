'use server';

import { headers } from 'next/headers';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import { refreshJwtKeys } from '@/lib/apis/jwt-keys';
import { requestAddress } from '@/lib/auth/client-address';
import { sendPublicTestRequest, sendTestRequest, tryOperation } from '@/lib/gateway-bridge/test-request';

/**
 * Send test request: the server calls the gateway with the client version's key (no change is
 * written), as the browser's own address for the gateway's IP policies and limits.
 */
export async function sendTestRequestAction(input: { clientVersionId: number; apiVersionId: number }) {
  const from = requestAddress(await headers());
  return asCaller((context) => sendTestRequest(context, input, from));
}

/** Send test request for a public API: no key; anyone signed in may (nothing is written). */
export async function sendPublicTestRequestAction(input: { apiVersionId: number }) {
  const from = requestAddress(await headers());
  return asCaller((context) => sendPublicTestRequest(context, input, from));
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
  const from = requestAddress(await headers());
  return asCaller((context) => tryOperation(context, input, from));
}

/** Refresh keys: the API's JWT issuers' signing keys fetched again now (nothing is written). */
export async function refreshJwtKeysAction(input: { apiVersionId: number }) {
  return refreshed(await asCaller((context) => refreshJwtKeys(context, input)));
}
