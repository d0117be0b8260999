/** What the sign-in page says when a single sign-on came back without a session (`?sso=<why>`). */
export function ssoMessage(why: string | undefined, providerName: string): string | null {
  switch (why) {
    case undefined:
      return null;
    case 'unavailable':
      return `${providerName} cannot be reached right now. Please try again in a few minutes; if it lasts, tell your administrator.`;
    case 'expired':
      return 'The sign-in took too long or was started in another window. Please try again.';
    case 'email-taken':
      return `A Portico account with this email address already exists. Sign in with your password, then link ${providerName} on your account page.`;
    case 'domain-not-allowed':
      return `People with this email domain may not sign in with ${providerName}.`;
    case 'no-email':
      return `${providerName} did not tell Portico your email address, so no account could be found or made.`;
    case 'linked-elsewhere':
      return `That ${providerName} account is already linked to another Portico account.`;
    case 'unknown':
      return 'That sign-in method is not available.';
    default:
      return `The sign-in with ${providerName} did not complete. Please try again.`;
  }
}
