import type { Metadata } from 'next';
import { checkApiNameAction, createApiAction, createApiWizardStepAction } from '@/app/actions/apis';
import { createWizardPage } from '../_components/create-page';

export const metadata: Metadata = { title: 'Create API' };

export default createWizardPage('API', {
  create: createApiAction,
  checkName: checkApiNameAction,
  step: createApiWizardStepAction,
});
