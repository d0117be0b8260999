'use client';

import { updateOrganizationDescriptionAction } from '@/app/actions/organizations';
import { InlineDescription } from '@/components/ui/inline-description';

/** The organization's description, saved as the Editor leaves the field. */
export function OrgDescription({ orgId, value, readOnly }: { orgId: number; value: string; readOnly: boolean }) {
  return (
    <InlineDescription
      value={value}
      readOnly={readOnly}
      label="Organization description"
      onSave={(description) => updateOrganizationDescriptionAction({ orgId, description })}
    />
  );
}
