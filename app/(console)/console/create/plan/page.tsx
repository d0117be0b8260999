import type { Metadata } from 'next';
import { checkPlanNameAction, createPlanAction, createPlanWizardStepAction } from '@/app/actions/plans';
import { createWizardPage } from '../_components/create-page';

export const metadata: Metadata = { title: 'Create Plan' };

export default createWizardPage('Plan', {
  create: createPlanAction,
  checkName: checkPlanNameAction,
  step: createPlanWizardStepAction,
});
