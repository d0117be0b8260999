'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { buttonClass } from './field';
import { WizardSteps } from './wizard-steps';

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
  onBack,
  onNext,
  nextDisabled = false,
  finish,
  children,
}: {
  steps: readonly string[];
  step: number;
  message: string | null;
  width?: 'max-w-xl' | 'max-w-2xl';
  /** Where Cancel leads; without it Cancel goes back to the page before. */
  cancelHref?: string;
  onBack: () => void;
  onNext: () => void;
  nextDisabled?: boolean;
  finish: { label: string; onClick: () => void; disabled: boolean };
  children: React.ReactNode;
}) {
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
  return (
    <div className={`${width} rounded-lg border border-slate-200 bg-white p-6`}>
      <WizardSteps steps={steps} current={step} headingRef={heading} />
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
          <button type="button" className={buttonClass.secondary} onClick={() => router.back()}>
            Cancel
          </button>
        )}
        {step > 0 ? (
          <button type="button" className={buttonClass.secondary} onClick={onBack}>
            Back
          </button>
        ) : null}
        {step < steps.length - 1 ? (
          <button type="button" className={buttonClass.primary} disabled={nextDisabled} onClick={onNext}>
            Next
          </button>
        ) : (
          <button type="button" className={buttonClass.primary} disabled={finish.disabled} onClick={finish.onClick}>
            {finish.label}
          </button>
        )}
      </div>
    </div>
  );
}
