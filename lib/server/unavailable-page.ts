import { databaseUnavailableMessage, retryAfterSeconds } from './database-status';

/**
 * The page a person sees while the database is out: Portico's look in plain HTML (no script, no
 * stylesheet request that could fail too), reloading itself after `Retry-After`.
 */
export function unavailablePage(message = databaseUnavailableMessage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${retryAfterSeconds}">
<title>Portico is unavailable</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f8fafc; color: #0f172a;
    font-family: ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
  main { max-width: 28rem; margin: 1rem; padding: 2rem; background: #fff; border: 1px solid #e2e8f0;
    border-radius: 0.75rem; box-shadow: 0 1px 2px rgb(0 0 0 / 0.05); }
  .brand { font-weight: 600; color: #4f46e5; letter-spacing: 0.02em; }
  h1 { font-size: 1.25rem; margin: 0.75rem 0; }
  p { color: #475569; line-height: 1.5; margin: 0; }
</style>
</head>
<body>
<main>
  <div class="brand">Portico</div>
  <h1>Service unavailable</h1>
  <p role="alert">${message}</p>
  <p style="margin-top: 1rem">This page reloads by itself in a few seconds.</p>
</main>
</body>
</html>
`;
}
