import 'server-only';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/commands/result';
import { postedStep, textOf } from '@/lib/wizard/state';
import {
  readSignUpAnswers,
  readSignUpOffer,
  signUpResultHref,
  signUpStepErrors,
  signUpSteps,
  type SignUpWizardState,
} from './signup-wizard';

/**
 * One post of the sign-up wizard as a plain form: Create makes the client typed in Search or
 * create and chooses it, Back and Next move between steps (Next once the step is answered),
 * Confirm signs the contract and leads to the result. `createClient` and `signUp` are the portal's
 * existing actions, the ones the wizard calls with scripts.
 */
export async function signUpWizardStep(
  formData: FormData,
  actions: {
    createClient: (input: {
      orgSlug: string;
      name: string;
    }) => Promise<ActionResult<{ clientVersionId: number; name: string; version: string }>>;
    signUp: (input: {
      clientVersionId: number;
      apiVersionId: number;
      planVersionId: number;
      acceptTerms?: boolean;
    }) => Promise<ActionResult<unknown>>;
  },
): Promise<SignUpWizardState> {
  const offer = readSignUpOffer(formData);
  const steps = signUpSteps(offer.hasTerms);
  const step = postedStep(formData, steps.length);
  const values = readSignUpAnswers(formData);
  const intent = textOf(formData, 'intent');
  const answered = true;

  // Enter in Search or create (the plain form's Next) with no client chosen creates the one typed,
  // as the hint beside it says.
  const enterTyped = intent !== 'back' && intent !== 'finish' && step === 0 && !values.client && values.query.trim();
  if (intent === 'create' || enterTyped) {
    const created = await actions.createClient({ orgSlug: values.orgSlug, name: values.query });
    if (!created.ok)
      return { ok: false, step: 0, values, message: created.message, fieldErrors: created.fieldErrors, answered };
    const { clientVersionId, name, version } = created.data;
    return {
      ok: true,
      step: 0,
      values: { ...values, client: clientVersionId },
      notice: `Created ${name} ${version} and chose it for this sign-up.`,
      answered,
    };
  }
  if (intent === 'back') return { ok: true, step: Math.max(step - 1, 0), values, answered };

  const last = steps.length - 1;
  const leaving = intent === 'finish' ? steps.slice(0, last) : steps.slice(0, step + 1);
  for (const [index, name] of leaving.entries()) {
    const fieldErrors = signUpStepErrors(name, values);
    if (Object.keys(fieldErrors).length > 0) return { ok: false, step: index, values, fieldErrors, answered };
  }
  if (intent !== 'finish' && step < last) return { ok: true, step: step + 1, values, answered };

  const signed = await actions.signUp({
    clientVersionId: values.client,
    apiVersionId: offer.apiVersionId,
    planVersionId: offer.planVersionId,
    acceptTerms: values.accepted,
  });
  if (!signed.ok) return { ok: false, step: last, values, message: signed.message, answered };
  redirect(signUpResultHref(offer, values.client));
}
