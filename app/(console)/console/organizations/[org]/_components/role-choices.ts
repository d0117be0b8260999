import { roleLabels, type OrgRole } from '@/lib/auth/permissions';

/** The roles a member may hold, in the order they are shown, with their labels. */
export const roleChoices: { role: OrgRole; label: string }[] = (['Editor', 'Viewer', 'UserManager'] as const).map(
  (role) => ({
    role,
    label: roleLabels[role],
  }),
);

export function rolesText(roles: readonly OrgRole[]): string {
  return roles.map((role) => roleLabels[role]).join(', ');
}
