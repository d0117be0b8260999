import { describe, expect, it } from 'vitest';
import { rewriteLocation, rewriteRefresh, rewriteSetCookie } from './redirects';

const echo = { origin: 'http://127.0.0.1:3000', basePath: '/demo/echo' };
const root = { origin: 'https://api.example.com', basePath: '' };
const gatewayBase = '/gateway/acme-support/acme-public-echo/1.0';

describe('a Location from the backend', () => {
  it.each([
    ['absolute, the endpoint itself', 'http://127.0.0.1:3000/demo/echo', gatewayBase],
    ['absolute, below the endpoint', 'http://127.0.0.1:3000/demo/echo/orders?x=1#top', `${gatewayBase}/orders?x=1#top`],
    ['path-absolute, the endpoint itself (the trailing-slash redirect)', '/demo/echo', gatewayBase],
    ['path-absolute, below the endpoint', '/demo/echo/orders/', `${gatewayBase}/orders/`],
    ['relative to the path asked for', 'items/7', `${gatewayBase}/orders/items/7`],
    ['relative, up to the endpoint', '../', `${gatewayBase}/`],
  ])('%s is rewritten onto the gateway', (_case, location, expected) => {
    expect(rewriteLocation(location, echo, '/demo/echo/orders/', gatewayBase)).toBe(expected);
  });

  it.each([
    ['another origin', 'https://login.example.com/demo/echo'],
    ['the same host on another port', 'http://127.0.0.1:4000/demo/echo'],
    ['the same origin outside the endpoint', '/console/organizations'],
    ['a path that only starts like the endpoint', '/demo/echoes'],
    ['relative, above the endpoint', '../../../console'],
    ['not a URL at all', 'http://['],
  ])('%s passes unchanged', (_case, location) => {
    expect(rewriteLocation(location, echo, '/demo/echo/orders/', gatewayBase)).toBe(location);
  });

  it('of an endpoint at the origin root maps every path of that origin', () => {
    expect(rewriteLocation('https://api.example.com/v2/users', root, '/users', gatewayBase)).toBe(
      `${gatewayBase}/v2/users`,
    );
    expect(rewriteLocation('http://api.example.com/v2/users', root, '/users', gatewayBase)).toBe(
      'http://api.example.com/v2/users',
    );
  });
});

describe('a Refresh from the backend', () => {
  it('has its URL rewritten the same way, with the delay and quotes kept', () => {
    expect(rewriteRefresh('0; url=/demo/echo/next', echo, '/demo/echo', gatewayBase)).toBe(
      `0; url=${gatewayBase}/next`,
    );
    expect(rewriteRefresh("5;URL='http://127.0.0.1:3000/demo/echo'", echo, '/demo/echo', gatewayBase)).toBe(
      `5;URL='${gatewayBase}'`,
    );
    expect(rewriteRefresh('5; url=https://elsewhere.example/', echo, '/demo/echo', gatewayBase)).toBe(
      '5; url=https://elsewhere.example/',
    );
    expect(rewriteRefresh('30', echo, '/demo/echo', gatewayBase)).toBe('30');
  });
});

describe('a Set-Cookie from the backend', () => {
  it('keeps to the gateway: its path under the API version, no domain', () => {
    expect(rewriteSetCookie('cart=1; Path=/demo/echo/shop; Domain=127.0.0.1; HttpOnly', echo, gatewayBase)).toBe(
      `cart=1; Path=${gatewayBase}/shop; HttpOnly`,
    );
    expect(rewriteSetCookie('theme=dark; Path=/; Secure', echo, gatewayBase)).toBe(
      `theme=dark; Path=${gatewayBase}; Secure`,
    );
    expect(rewriteSetCookie('plain=1', echo, gatewayBase)).toBe('plain=1');
  });
});
