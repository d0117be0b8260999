'use server';

import { ok } from '@/lib/commands/result';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import { createClient } from '@/lib/clients/create';
import { signContract } from '@/lib/contracts/commands';
import { currentApiKey } from '@/lib/queries/signup';
import type { SignUpWizardState } from '@/lib/contracts/signup-wizard';
import { signUpWizardStep } from '@/lib/contracts/signup-wizard-step';

/** "Create" in the sign-up wizard: a new client, version 1.0, made on the spot. */
export async function createClientForSignUpAction(input: { orgSlug: string; name: string }) {
  return refreshed(await asCaller((context) => createClient(context, { ...input, version: '1.0', description: '' })), [
    '/portal',
  ]);
}

/** "Confirm": signs the contract; without approval the client is registered and its key returned. */
export async function signUpAction(input: {
  clientVersionId: number;
  apiVersionId: number;
  planVersionId: number;
  acceptTerms?: boolean;
}) {
  return asCaller(async (context) => {
    const result = await signContract(context, input);
    if (!result.ok) return result;
    refreshed(result);
    // The contract was signed by this caller just now, so the key is theirs to see.
    const apiKey =
      result.data.status === 'Active' ? await currentApiKey(context.db, context.caller, input.clientVersionId) : null;
    return ok({ status: result.data.status, apiKey });
  });
}

/** One step of the sign-up wizard posted as a plain form, before its scripts have loaded. */
export async function signUpWizardStepAction(_state: SignUpWizardState, formData: FormData) {
  return signUpWizardStep(formData, { createClient: createClientForSignUpAction, signUp: signUpAction });
}
