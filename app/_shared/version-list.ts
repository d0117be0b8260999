/** "the version 1.0", "the versions 1.0 and 2.0", "the versions 1.0, 2.0 and 3.0". */
export function theVersions(versions: readonly string[]): string {
  if (versions.length <= 1) return `the version ${versions[0] ?? ''}`.trimEnd();
  return `the versions ${versions.slice(0, -1).join(', ')} and ${versions.at(-1)}`;
}

/** "The version 1.0 will be deleted" — a sentence starts with a capital. */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
