import type { Metadata } from 'next';
import { checkClientNameAction, createClientAction, createClientWizardStepAction } from '@/app/actions/clients';
import { createWizardPage } from '../_components/create-page';

export const metadata: Metadata = { title: 'Create Client' };

export default createWizardPage('Client', {
  create: createClientAction,
  checkName: checkClientNameAction,
  step: createClientWizardStepAction,
});
