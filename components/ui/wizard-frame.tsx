'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { buttonClass } from './field';
import { WizardSteps } from './wizard-steps';

/**
 * How the footer's buttons act: by handlers, or (`intents`) by submitting the wizard's form with
 * `intent` = back, next, finish or cancel, so the wizard also works as a plain form before its
 * scripts load; the form's submit handler takes over once they have.
 */
type Controls =
  | {
      intents?: false;
      onBack: () => void;
      onNext: () => void;
      finish: { label: string; onClick: () => void; disabled: boolean };
    }
  | { intents: true; onBack?: never; onNext?: never; finish: { label: string; disabled: boolean } };

/**
 * The frame every wizard shares: numbered steps, the failure of the last attempt, and the footer —
 * Cancel (leaves without writing), Back (keeps what was typed), Next, and on the last step the
 * button that does the work.
 */
export function WizardFrame({
  steps,
  step,
  message,
  width = 'max-w-xl',
  cancelHref,
  nextDisabled = false,
  focusHeading = false,
  children,
  ...controls
}: {
  steps: readonly string[];
  step: number;
  message: string | null;
  width?: 'max-w-xl' | 'max-w-2xl';
  /** Where Cancel leads; without it Cancel goes back to the page before. */
  cancelHref?: string;
  nextDisabled?: boolean;
  /** The page is the server's answer to a posted step: the heading takes focus as it loads. */
  focusHeading?: boolean;
  children: React.ReactNode;
} & Controls) {
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);
  // A new step moves focus to its heading, so keyboard and screen-reader users start there (the
  // first render keeps the page's own focus). A wizard that then focuses a field in error wins:
  // its effect runs after this one.
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    heading.current?.focus();
  }, [step]);
  const last = step === steps.length - 1;
  // With intents every button submits; the handlers are the form's (see Controls).
  const press = (intent: 'back' | 'next' | 'finish' | 'cancel', handler?: () => void) =>
    controls.intents
      ? ({ type: 'submit', name: 'intent', value: intent } as const)
      : ({ type: 'button', onClick: handler } as const);
  return (
    <div className={`${width} rounded-lg border border-slate-200 bg-white p-6`}>
      {controls.intents ? (
        // Enter in a field submits with the form's first submit button: this one, so it moves on
        // (or finishes on the last step) rather than going Back.
        <button {...press(last ? 'finish' : 'next')} hidden tabIndex={-1}>
          {last ? controls.finish.label : 'Next'}
        </button>
      ) : null}
      <WizardSteps steps={steps} current={step} headingRef={heading} autoFocus={focusHeading} />
      {message ? (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      {children}
      <div className="mt-6 flex justify-end gap-2">
        {cancelHref ? (
          <Link href={cancelHref} className={buttonClass.secondary}>
            Cancel
          </Link>
        ) : (
          <button {...press('cancel', () => router.back())} className={buttonClass.secondary}>
            Cancel
          </button>
        )}
        {step > 0 ? (
          <button {...press('back', controls.onBack)} className={buttonClass.secondary}>
            Back
          </button>
        ) : null}
        {!last ? (
          <button {...press('next', controls.onNext)} className={buttonClass.primary} disabled={nextDisabled}>
            Next
          </button>
        ) : (
          <button
            {...press('finish', controls.intents ? undefined : controls.finish.onClick)}
            className={buttonClass.primary}
            disabled={controls.finish.disabled}
          >
            {controls.finish.label}
          </button>
        )}
      </div>
    </div>
  );
}
