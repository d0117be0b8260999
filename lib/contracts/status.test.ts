import { describe, expect, it } from 'vitest';
import { contractStatusLabel } from './status';

describe('contract status label', () => {
  it('names each contract status the way the lists show it', () => {
    expect(contractStatusLabel('Active')).toBe('Active');
    expect(contractStatusLabel('AwaitingApproval')).toBe('Awaiting Approval');
  });
});
