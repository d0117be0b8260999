// oidc-provider ships no types; only the end-to-end suite's test provider (e2e/oidc-idp.ts) uses it.
declare module 'oidc-provider';
