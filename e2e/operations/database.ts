import { operationsSettings } from './settings';

const { controlUrl } = operationsSettings();

/** Cuts every connection between Portico and PostgreSQL and refuses new ones. */
export async function cutDatabase(): Promise<void> {
  const response = await fetch(`${controlUrl}/cut`, { method: 'POST' });
  if (!response.ok) throw new Error(`cutting the database answered ${response.status}`);
}

export async function restoreDatabase(): Promise<void> {
  const response = await fetch(`${controlUrl}/restore`, { method: 'POST' });
  if (!response.ok) throw new Error(`restoring the database answered ${response.status}`);
}
