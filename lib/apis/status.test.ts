import { describe, expect, it } from 'vitest';
import { apiVersionFrozen, readiness } from './status';

describe('API version status', () => {
  it('freezes published and retired API versions', () => {
    expect(apiVersionFrozen('Published')).toMatch(/published/);
    expect(apiVersionFrozen('Retired')).toMatch(/retired/);
    expect(apiVersionFrozen('Created')).toBeNull();
    expect(apiVersionFrozen('Ready')).toBeNull();
  });

  it('is Ready with an endpoint, and for a private API only with a plan offered', () => {
    expect(readiness({ endpointUrl: 'https://a.example', isPublic: true, plans: 0 })).toBe('Ready');
    expect(readiness({ endpointUrl: 'https://a.example', isPublic: false, plans: 1 })).toBe('Ready');
    expect(readiness({ endpointUrl: 'https://a.example', isPublic: false, plans: 0 })).toBe('Created');
    expect(readiness({ endpointUrl: null, isPublic: true, plans: 3 })).toBe('Created');
  });
});
