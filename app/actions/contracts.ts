'use server';

import { revalidatePath } from 'next/cache';
import { asCaller } from '@/lib/actions';
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

function refresh<T extends { ok: boolean }>(result: T): T {
  if (result.ok) {
    revalidatePath('/console', 'layout');
    revalidatePath('/portal', 'layout');
  }
  return result;
}

export async function signContractAction(input: z.input<typeof signInput>) {
  return refresh(await asCaller((context) => signContract(context, input)));
}

export async function approveContractsAction(input: z.input<typeof decideInput>) {
  return refresh(await asCaller((context) => approveContracts(context, input)));
}

export async function rejectContractsAction(input: z.input<typeof decideInput>) {
  return refresh(await asCaller((context) => rejectContracts(context, input)));
}

export async function breakContractAction(input: z.input<typeof breakInput>) {
  return refresh(await asCaller((context) => breakContract(context, input)));
}
