import 'server-only';
import { invalid, type ActionResult } from '@/lib/commands/result';
import { wizardStep } from '@/lib/wizard/step';
import { createEntityInput } from './wizard-inputs';
import { createStepErrors, createStepOf, createWizardSteps, readCreateInput, type CreateInput } from './create-wizard';

/**
 * One post of the API, client or plan creation wizard as a plain form. `check` and `create` are
 * the kind's existing server actions — the ones the wizard calls with scripts — so both ways ask
 * the same questions and create through the same command.
 */
export function createWizardStep(
  formData: FormData,
  actions: {
    check: (input: { orgSlug: string; name: string }) => Promise<ActionResult>;
    create: (input: CreateInput) => Promise<ActionResult<{ href: string }>>;
    cancelHref: string;
  },
) {
  return wizardStep(
    {
      stepCount: createWizardSteps.length,
      read: readCreateInput,
      stepOf: createStepOf,
      stepErrors: createStepErrors,
      check: {
        step: 1,
        // Every field the steps so far hold, as the command will read them, then the name's turn.
        run: async (input) => {
          const parsed = createEntityInput.safeParse(input);
          return parsed.success ? actions.check({ orgSlug: input.orgSlug, name: input.name }) : invalid(parsed.error);
        },
      },
      finish: actions.create,
      cancelHref: actions.cancelHref,
    },
    formData,
  );
}
