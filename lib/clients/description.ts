import { type CommandContext } from '@/lib/commands';
import { updateVersionedDescription } from '@/lib/versioned/commands';

/* Describing a client. */

export const updateClientDescription = (context: CommandContext, input: unknown) =>
  updateVersionedDescription(context, 'client', input);
