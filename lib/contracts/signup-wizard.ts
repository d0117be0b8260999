import { textOf, type FieldErrors } from '@/lib/wizard/state';
import { versionPattern } from '@/lib/versioned/version-name';

/* The portal's sign-up wizard (SPEC §4) as a plain form, shared by the browser and the server. */

/** The plan offer a sign-up is for, posted with every step (the commands check it again). */
export interface SignUpOfferRef {
  apiVersionId: number;
  planVersionId: number;
  orgSlug: string;
  apiSlug: string;
  version: string;
  hasTerms: boolean;
}

export interface SignUpAnswers {
  orgSlug: string;
  /** Search or create. */
  query: string;
  /** The chosen client version's id; 0 when none is chosen. */
  client: number;
  accepted: boolean;
}

export interface SignUpWizardState {
  ok: boolean;
  step: number;
  values: SignUpAnswers;
  message?: string;
  fieldErrors?: FieldErrors;
  /** What the last Create did, said aloud. */
  notice?: string;
  answered?: boolean;
}

const idOf = (text: string) => (/^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : 0);
const slugPattern = /^[a-z0-9-]{1,80}$/;

export function readSignUpOffer(formData: FormData): SignUpOfferRef {
  return {
    apiVersionId: idOf(textOf(formData, 'apiVersionId')),
    planVersionId: idOf(textOf(formData, 'planVersionId')),
    orgSlug: textOf(formData, 'offerOrg'),
    apiSlug: textOf(formData, 'offerApi'),
    version: textOf(formData, 'offerVersion'),
    hasTerms: textOf(formData, 'hasTerms') === 'yes',
  };
}

export function readSignUpAnswers(formData: FormData): SignUpAnswers {
  return {
    orgSlug: textOf(formData, 'orgSlug'),
    query: textOf(formData, 'query'),
    client: idOf(textOf(formData, 'client')),
    accepted: textOf(formData, 'accepted') === 'yes',
  };
}

export const signUpSteps = (hasTerms: boolean) =>
  hasTerms ? (['Client', 'Terms and Conditions', 'Summary'] as const) : (['Client', 'Summary'] as const);

/** What must be answered before leaving a step (the browser keeps Next off until it is). */
export function signUpStepErrors(stepName: string, answers: SignUpAnswers): FieldErrors {
  if (stepName === 'Client' && !answers.client)
    return { client: ['Choose a client, or type a name and choose Create'] };
  if (stepName === 'Terms and Conditions' && !answers.accepted)
    return { accepted: ['Accept the Terms and Conditions to go on'] };
  return {};
}

/**
 * The sign-up's result, at its own address (shown again on reload); My Clients when the posted
 * offer does not name one.
 */
export function signUpResultHref(
  offer: Pick<SignUpOfferRef, 'orgSlug' | 'apiSlug' | 'version' | 'planVersionId'>,
  clientVersionId: number,
) {
  if (!slugPattern.test(offer.orgSlug) || !slugPattern.test(offer.apiSlug) || !versionPattern.test(offer.version))
    return '/portal/my-clients';
  const params = new URLSearchParams({
    version: offer.version,
    plan: String(offer.planVersionId),
    signedUp: String(clientVersionId),
  });
  return `/portal/apis/${offer.orgSlug}/${offer.apiSlug}/signup?${params}`;
}
