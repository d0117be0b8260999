'use server';

import { revalidatePath } from 'next/cache';
import type { CreateInput } from '@/components/console/create-wizard';
import { asCaller } from '@/lib/actions';
import {
  createApi,
  createApiVersion,
  offerPlan,
  publishApiVersion,
  retireApiVersion,
  updateApiDescription,
  updateApiVersionSettings,
  withdrawPlan,
} from '@/lib/apis/commands';

function refresh<T extends { ok: boolean }>(result: T): T {
  if (result.ok) {
    revalidatePath('/console', 'layout');
    revalidatePath('/portal', 'layout');
  }
  return result;
}

export async function createApiAction(input: CreateInput) {
  return refresh(await asCaller((context) => createApi(context, input)));
}

export async function updateApiDescriptionAction(input: { id: number; description: string }) {
  return refresh(await asCaller((context) => updateApiDescription(context, input)));
}

export async function updateApiSettingsAction(input: {
  apiVersionId: number;
  endpointUrl: string;
  isPublic: boolean;
  featured: boolean;
  timeoutMs: string;
  openApiDocument: string;
  tags: string;
}) {
  return refresh(await asCaller((context) => updateApiVersionSettings(context, input)));
}

export async function offerPlanAction(input: {
  apiVersionId: number;
  planVersionId: string;
  requiresApproval: boolean;
}) {
  return refresh(await asCaller((context) => offerPlan(context, input)));
}

export async function withdrawPlanAction(input: { apiVersionId: number; planVersionId: number }) {
  return refresh(await asCaller((context) => withdrawPlan(context, input)));
}

export async function publishApiVersionAction(input: { apiVersionId: number }) {
  return refresh(await asCaller((context) => publishApiVersion(context, input)));
}

export async function retireApiVersionAction(input: { apiVersionId: number }) {
  return refresh(await asCaller((context) => retireApiVersion(context, input)));
}

export async function createApiVersionAction(input: { versionId: number; version: string }) {
  return refresh(await asCaller((context) => createApiVersion(context, input)));
}
