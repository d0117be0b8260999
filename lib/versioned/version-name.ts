import { z } from 'zod';

/** Versions are 1–64 characters from A-Z a-z 0-9 . _ - (SPEC §2). */
export const versionPattern = /^[A-Za-z0-9._-]{1,64}$/;

export const versionSchema = z
  .string()
  .trim()
  .min(1, 'Enter a version')
  .max(64, 'A version has at most 64 characters')
  .regex(versionPattern, 'Use only letters, digits, dots, dashes and underscores');
