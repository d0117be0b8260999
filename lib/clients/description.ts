import { type CommandContext } from '@/lib/commands/transact';
import { updateVersionedDescription } from '@/lib/versioned/commands';

/* Describing a client. */

export const updateClientDescription = (context: CommandContext, input: unknown) =>
  updateVersionedDescription(context, 'client', input);
