'use server';

import { asCaller, refreshed } from '@/lib/commands/server-action';
import type { z } from 'zod';
import {
  approveContracts,
  breakContract,
  breakInput,
  rejectContracts,
  signContract,
  signInput,
} from '@/lib/contracts/commands';
import { decideInput } from '@/lib/contracts/decisions';

export async function signContractAction(input: z.input<typeof signInput>) {
  return refreshed(await asCaller((context) => signContract(context, input)));
}

export async function approveContractsAction(input: z.input<typeof decideInput>) {
  return refreshed(await asCaller((context) => approveContracts(context, input)));
}

export async function rejectContractsAction(input: z.input<typeof decideInput>) {
  return refreshed(await asCaller((context) => rejectContracts(context, input)));
}

export async function breakContractAction(input: z.input<typeof breakInput>) {
  return refreshed(await asCaller((context) => breakContract(context, input)));
}
