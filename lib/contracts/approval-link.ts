/** Where a sign-up request's notification leads: Approvals, with that request highlighted. */
export function approvalLink(contractId: number): string {
  return `/console/approvals?request=${contractId}`;
}
