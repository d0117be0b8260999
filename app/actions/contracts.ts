'use server';

import { revalidatePath } from 'next/cache';
import { asCaller } from '@/lib/actions';
import { approveContracts, breakContract, rejectContracts, signContract } from '@/lib/contracts/commands';

function refresh<T extends { ok: boolean }>(result: T): T {
  if (result.ok) {
    revalidatePath('/console', 'layout');
    revalidatePath('/portal', 'layout');
  }
  return result;
}

export async function signContractAction(input: {
  clientVersionId: number;
  apiVersionId: number;
  planVersionId: number;
}) {
  return refresh(await asCaller((context) => signContract(context, input)));
}

export async function approveContractsAction(input: { contractIds: number[] }) {
  return refresh(await asCaller((context) => approveContracts(context, input)));
}

export async function rejectContractsAction(input: { contractIds: number[]; reason?: string }) {
  return refresh(await asCaller((context) => rejectContracts(context, input)));
}

export async function breakContractAction(input: { contractId: number }) {
  return refresh(await asCaller((context) => breakContract(context, input)));
}
