import { z } from 'zod';
import type { Db } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import {
  addPolicy,
  addPolicyInput,
  removePolicy,
  reorderPolicies,
  reorderPoliciesInput,
  updatePolicy,
  updatePolicyInput,
} from '@/lib/policies/commands';
import type { PolicyOwnerKind } from '@/lib/policies/owner';
import { listPolicies } from '@/lib/queries/policies';
import type { Scope } from '@/lib/tokens/scopes';
import { route } from '../route';
import type { Target } from '../targets';
import { done, doneReply, policySchema } from './shared';

/** The policies of an API, plan or client version: the same five operations under each. */
export function policyRoutes<P extends string>(options: {
  path: P;
  kind: PolicyOwnerKind;
  tag: string;
  read: Scope;
  write: Scope;
  target: (db: Db, caller: Caller, params: never) => Promise<(Target & { versionId: number }) | null>;
}) {
  const { path, kind, tag, read, write, target } = options;
  // The target resolver (typed where each owner's routes are declared) gives the version's id.
  const owner = (t: unknown) => ({ kind, versionId: (t as { versionId: number }).versionId });
  const name = kind === 'api' ? 'Api' : kind === 'plan' ? 'Plan' : 'Client';
  return [
    route({
      method: 'GET',
      path: `${path}/policies`,
      operationId: `list${name}Policies`,
      summary: 'Policies in chain order',
      tag,
      scope: read,
      target: target as never,
      success: { status: 200, schema: z.object({ items: z.array(policySchema) }), description: 'The policies' },
      handler: async ({ db, caller, target: t }) => ({ body: { items: await listPolicies(db, caller, owner(t)) } }),
    }),
    route({
      method: 'POST',
      path: `${path}/policies`,
      operationId: `add${name}Policy`,
      summary: 'Add a policy at the end of the chain',
      description: 'The values are those of the policy form (the same the console sends).',
      tag,
      scope: write,
      target: target as never,
      body: addPolicyInput.omit({ owner: true }),
      success: { status: 201, schema: z.object({ id: z.number().int() }), description: 'The policy added' },
      handler: async ({ db, caller, body, target: t }) => {
        const result = await addPolicy({ db, caller }, { ...body, owner: owner(t) });
        return result.ok ? { body: { id: result.data.id } } : result;
      },
    }),
    route({
      method: 'PUT',
      path: `${path}/policies/{policyId}`,
      operationId: `update${name}Policy`,
      summary: "Change a policy's settings",
      tag,
      scope: write,
      target: target as never,
      fields: { policyId: '/path/policyId' },
      body: updatePolicyInput.pick({ values: true }),
      success: { status: 200, schema: done, description: 'Changed' },
      handler: async ({ db, caller, body, params, target: t }) => {
        const result = await updatePolicy(
          { db, caller },
          { ...body, policyId: (params as unknown as { policyId: number }).policyId, owner: owner(t) },
        );
        return result.ok ? doneReply : result;
      },
    }),
    route({
      method: 'DELETE',
      path: `${path}/policies/{policyId}`,
      operationId: `remove${name}Policy`,
      summary: 'Remove a policy',
      tag,
      scope: write,
      target: target as never,
      fields: { policyId: '/path/policyId' },
      success: { status: 200, schema: done, description: 'Removed' },
      handler: async ({ db, caller, params, target: t }) => {
        const result = await removePolicy(
          { db, caller },
          { policyId: (params as unknown as { policyId: number }).policyId, owner: owner(t) },
        );
        return result.ok ? doneReply : result;
      },
    }),
    route({
      method: 'PUT',
      path: `${path}/policies`,
      operationId: `reorder${name}Policies`,
      summary: 'Put the policies in this order',
      tag,
      scope: write,
      target: target as never,
      body: reorderPoliciesInput.pick({ policyIds: true }),
      success: { status: 200, schema: done, description: 'Reordered' },
      handler: async ({ db, caller, body, target: t }) => {
        const result = await reorderPolicies({ db, caller }, { ...body, owner: owner(t) });
        return result.ok ? doneReply : result;
      },
    }),
  ];
}
