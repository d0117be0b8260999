import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID provider for the single sign-on spec: the `oidc-provider` package on 127.0.0.1,
 * one confidential client with PKCE (required by oidc-provider for the code flow), its development
 * sign-in pages (any login, any password: the login is the account's `sub`), and accounts whose
 * claims the test changes between sign-ins.
 */
export interface IdpAccount {
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, IdpAccount>;
  stop(): Promise<void>;
}

export async function startTestIdp(portico: string, slug: string): Promise<TestIdp> {
  // oidc-provider is an ES module only.
  const { default: Provider } = await import('oidc-provider');
  const accounts = new Map<string, IdpAccount>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'portico-e2e';
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${portico}/sso/${slug}/callback`],
        post_logout_redirect_uris: [`${portico}/login`],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_context: unknown, sub: string) {
      return {
        accountId: sub,
        async claims() {
          const account = accounts.get(sub);
          return account ? { sub, ...account } : { sub };
        },
      };
    },
  });
  provider.proxy = false;
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
