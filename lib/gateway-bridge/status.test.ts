import { describe, expect, it } from 'vitest';
import { localGatewayOrigin, ownGatewayPort } from './status';

describe("the npm start process's gateway", () => {
  it('shares PORT unless GATEWAY_PORT names another', () => {
    expect(ownGatewayPort({})).toBeNull();
    expect(ownGatewayPort({ PORT: '3000', GATEWAY_PORT: '3000' })).toBeNull();
    expect(ownGatewayPort({ PORT: '3000', GATEWAY_PORT: '8081' })).toBe(8081);
    expect(() => ownGatewayPort({ GATEWAY_PORT: 'eighty' })).toThrow(/GATEWAY_PORT/);
  });

  it('is reached by Send test request on its own port when it has one', () => {
    expect(localGatewayOrigin({ PORT: '3000' })).toBe('http://127.0.0.1:3000');
    expect(localGatewayOrigin({ PORT: '3000', GATEWAY_PORT: '8081', HOST: '0.0.0.0' })).toBe('http://127.0.0.1:8081');
  });
});
