import { randomUUID } from 'node:crypto';

/** API keys are random UUID v4s made by the system; nobody chooses their value. */
export function generateApiKey(): string {
  return randomUUID();
}
