/**
 * What a wizard's form posts and gets back when it runs as a plain form (before its scripts load,
 * or without them): every button submits with an `intent`, the step being left travels in a
 * hidden `step` input, and every step's fields stay in the form, so each post carries all answers.
 */
export type WizardIntent = 'back' | 'next' | 'finish' | 'cancel';

export type FieldErrors = Record<string, string[]>;

export interface WizardState<V> {
  /** The last post was accepted (false: `message` or `fieldErrors` say why). */
  ok: boolean;
  /** The step to show. */
  step: number;
  /** Every answer as posted, so the fields show them again. */
  values: V;
  /** Why the server refused the post. */
  message?: string;
  /** The marked fields say it all: `message` is not shown above them (a refused Next). */
  quiet?: boolean;
  fieldErrors?: FieldErrors;
  /**
   * The server answered a post: the new page puts focus on the step's heading, or on the first
   * field in error, as the wizard does when its step changes with scripts.
   */
  answered?: boolean;
}

const intents: readonly WizardIntent[] = ['back', 'next', 'finish', 'cancel'];

/** The sentence a wizard shows above its fields for the state the server answered with. */
export const shownMessage = (state: WizardState<unknown>) => (state.quiet ? null : (state.message ?? null));

/** The pressed button's intent; Enter in a field (no button named) moves on like Next. */
export function intentOf(formData: FormData): WizardIntent {
  const intent = formData.get('intent');
  return intents.find((i) => i === intent) ?? 'next';
}

/** A posted text field; a missing field or a file counts as empty. */
export function textOf(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === 'string' ? value : '';
}

/** The step the post was sent from, kept within the wizard's steps. */
export function postedStep(formData: FormData, stepCount: number): number {
  const step = Number(textOf(formData, 'step'));
  return Number.isInteger(step) ? Math.min(Math.max(step, 0), stepCount - 1) : 0;
}

/**
 * The earliest step holding a field in error, so the person is sent back to it; `fallback` when
 * no error names a field of a step (a form-wide failure stays where it happened).
 */
export function stepOfErrors(fieldErrors: FieldErrors | undefined, stepOf: Record<string, number>, fallback: number) {
  const steps = Object.keys(fieldErrors ?? {})
    .map((field) => stepOf[field])
    .filter((step) => step !== undefined);
  return steps.length > 0 ? Math.min(...steps) : fallback;
}
