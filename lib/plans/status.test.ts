import { describe, expect, it } from 'vitest';
import { planVersionFrozen } from './status';

describe('plan version status', () => {
  it('freezes locked plan versions', () => {
    expect(planVersionFrozen('Locked')).toMatch(/locked/);
    expect(planVersionFrozen('Created')).toBeNull();
  });
});
