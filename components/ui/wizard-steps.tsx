/** The numbered steps of a creation wizard ("1 Choose Organization", "2 Configure Details", "3 Summary"). */
export function WizardSteps({
  steps,
  current,
  headingRef,
  autoFocus = false,
}: {
  steps: readonly string[];
  current: number;
  /** The step's heading, where a wizard moves focus when the step changes. */
  headingRef?: React.Ref<HTMLHeadingElement>;
  /** The heading takes focus as the page loads (a page that answers a posted step, without scripts). */
  autoFocus?: boolean;
}) {
  return (
    <div>
      <ol aria-label="Wizard steps" className="mb-6 flex flex-wrap gap-4 text-sm">
        {steps.map((step, index) => (
          <li
            key={step}
            aria-current={index === current ? 'step' : undefined}
            className={
              index === current
                ? 'font-semibold text-indigo-700'
                : index < current
                  ? 'text-slate-700'
                  : 'text-slate-400'
            }
          >
            <span
              aria-hidden="true"
              className="mr-1 inline-flex h-6 w-6 items-center justify-center rounded-full border border-current"
            >
              {index < current ? '✓' : index + 1}
            </span>
            {step}
          </li>
        ))}
      </ol>
      <h2
        ref={headingRef}
        tabIndex={-1}
        autoFocus={autoFocus}
        className="mb-4 text-lg font-semibold focus:outline-none"
      >
        {steps[current]}
      </h2>
    </div>
  );
}
