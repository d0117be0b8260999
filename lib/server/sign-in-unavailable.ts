import { databaseUnavailableMessage, reportDatabaseError } from './database-status';
import { getLogger } from './logger';

/**
 * What sign-in says when it could not check the password at all (the database is out, or Auth.js
 * failed): the service is unavailable — never "wrong password", which would send a person to reset
 * a password that is fine.
 */
export function signInUnavailable(error: unknown): string {
  if (reportDatabaseError(error)) return `Sign-in is unavailable right now. ${databaseUnavailableMessage}`;
  getLogger().error({ err: error }, 'sign-in failed');
  return 'Sign-in is unavailable right now because of a problem on our side. Please try again in a moment.';
}
