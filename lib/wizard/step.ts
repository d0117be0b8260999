import 'server-only';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/commands/result';
import { intentOf, postedStep, stepOfErrors, type FieldErrors, type WizardState } from './state';

/** What makes one wizard: its steps' fields and checks, and the existing commands it ends in. */
export interface WizardSpec<V> {
  stepCount: number;
  /** Every answer, read from the posted form. */
  read: (formData: FormData) => V;
  /** Which step holds each field, so an error sends the person back to it. */
  stepOf: Record<string, number>;
  /** The quick checks of a step, the same the wizard runs in the browser before leaving it. */
  stepErrors: (step: number, values: V) => FieldErrors;
  /** Asks the server before leaving a step (Configure Details: is the name free?). */
  check?: { step: number; run: (values: V) => Promise<ActionResult> };
  /** The wizard's existing create action; success leads to what it made. */
  finish: (values: V) => Promise<ActionResult<{ href: string }>>;
  /** Where Cancel leads. */
  cancelHref: string;
}

/**
 * One post of a wizard working as a plain form: Back and Next move between steps (Next only when
 * the step's fields pass, and past a server check when the step has one), Finish runs the same
 * action the wizard calls with scripts and then redirects to what it made, Cancel leaves. A refusal
 * comes back as the step holding the first field in error, with every answer kept.
 */
export async function wizardStep<V>(spec: WizardSpec<V>, formData: FormData): Promise<WizardState<V>> {
  const intent = intentOf(formData);
  const step = postedStep(formData, spec.stepCount);
  const values = spec.read(formData);
  const last = spec.stepCount - 1;
  if (intent === 'cancel') redirect(spec.cancelHref);
  if (intent === 'back') return { ok: true, step: Math.max(step - 1, 0), values, answered: true };
  if (intent === 'next' && step < last) {
    const fieldErrors = spec.stepErrors(step, values);
    if (Object.keys(fieldErrors).length > 0)
      return { ok: false, step: stepOfErrors(fieldErrors, spec.stepOf, step), values, fieldErrors, answered: true };
    if (spec.check?.step === step) {
      const checked = await spec.check.run(values);
      if (!checked.ok) return refused(checked, step, values, spec.stepOf, { quietWhenMarked: true });
    }
    return { ok: true, step: step + 1, values, answered: true };
  }
  // Finish, or Enter on the last step: every step's checks again, then the command itself.
  for (let s = 0; s < last; s++) {
    const fieldErrors = spec.stepErrors(s, values);
    if (Object.keys(fieldErrors).length > 0)
      return { ok: false, step: stepOfErrors(fieldErrors, spec.stepOf, s), values, fieldErrors, answered: true };
  }
  const result = await spec.finish(values);
  if (!result.ok) return refused(result, last, values, spec.stepOf, { quietWhenMarked: false });
  redirect(result.data.href);
}

function refused<V>(
  failure: Extract<ActionResult, { ok: false }>,
  fallback: number,
  values: V,
  stepOf: Record<string, number>,
  { quietWhenMarked }: { quietWhenMarked: boolean },
): WizardState<V> {
  const fieldErrors = failure.fieldErrors ?? {};
  const marked = Object.keys(fieldErrors).length > 0;
  return {
    ok: false,
    step: stepOfErrors(fieldErrors, stepOf, fallback),
    values,
    message: failure.message,
    // A refused check speaks through the marked fields alone; a refused finish also says so on top.
    ...(marked && quietWhenMarked ? { quiet: true } : {}),
    ...(marked ? { fieldErrors } : {}),
    answered: true,
  };
}
