/**
 * The Content-Security-Policy of pages: scripts only with this response's nonce (Next.js reads it
 * from the request's own CSP header and puts it on every script it renders), and the scripts those
 * load ('strict-dynamic'). Styles may be inline: React and the toast library set style attributes,
 * which a nonce cannot cover, and style injection cannot run code.
 */
export function pagePolicy(nonce: string, development = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    // Development only: React's dev build evaluates code for its error overlay and fast refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
