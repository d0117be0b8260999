import { alias } from 'drizzle-orm/pg-core';
import { and, eq, gt, isNotNull, max } from 'drizzle-orm';
import type { Tx } from '@/db';
import {
  accessTokens,
  apiKeys,
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  organizations,
  plans,
  planVersions,
} from '@/db/schema';
import type { PorticoEvent } from '@/lib/events/types';
import { approvalLink } from '@/lib/contracts/approval-link';
import { approversOf, clientLinks, editorsOf } from '@/lib/notifications/send';
import type { Profile } from '@/lib/auth/permissions';
import { absolute } from './links';
import type { MailCategory } from './preferences';
import { templates, type MailContent } from './templates';

/**
 * What an event mails, and to whom: its category, the people (the actor never among them — nobody
 * is mailed about what they did themselves), and each one's content (the deep link depends on the
 * person's area). Recipients and facts are read from the database by the ids the event carries;
 * what a change removed (a rejected request's contract) is read from the event's own data.
 * docs/email.md lists the fields read per event type.
 */
export interface EventMail {
  category: MailCategory;
  recipients: number[];
  content: (recipient: { userId: number; profile: Profile }) => MailContent;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);
const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const when = (value: unknown): string => {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toUTCString() : 'soon';
};

interface ContractFacts {
  contractId: number;
  status: 'AwaitingApproval' | 'Active' | 'gone';
  requestedByUserId: number | null;
  clientVersionId: number | null;
  clientOrgId: number | null;
  apiOrgId: number | null;
  client: string;
  clientVersion: string;
  clientOrg: string;
  api: string;
  apiVersion: string;
  plan: string;
}

async function contractFacts(tx: Tx, data: Record<string, unknown>): Promise<ContractFacts | null> {
  const contractId = num(data.contractId);
  if (contractId === null) return null;
  const clientOrg = alias(organizations, 'client_org');
  const [row] = await tx
    .select({
      status: contracts.status,
      requestedByUserId: contracts.requestedByUserId,
      clientVersionId: contracts.clientVersionId,
      clientOrgId: clients.orgId,
      apiOrgId: apis.orgId,
      client: clients.name,
      clientVersion: clientVersions.version,
      clientOrg: clientOrg.name,
      api: apis.name,
      apiVersion: apiVersions.version,
      plan: plans.name,
    })
    .from(contracts)
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(clientOrg, eq(clientOrg.id, clients.orgId))
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(contracts.id, contractId));
  if (row) return { contractId, ...row };
  // Rejected or withdrawn: the row is gone, the event carries what the mail needs.
  return {
    contractId,
    status: 'gone',
    requestedByUserId: num(data.requestedByUserId),
    clientVersionId: num(data.clientVersionId),
    clientOrgId: num(data.clientOrgId),
    apiOrgId: num(data.apiOrgId),
    client: str(data.client, 'a client'),
    clientVersion: str(data.clientVersion),
    clientOrg: str(data.clientOrg),
    api: str(data.api, 'an API'),
    apiVersion: str(data.apiVersion),
    plan: str(data.plan),
  };
}

async function clientFacts(tx: Tx, data: Record<string, unknown>) {
  const clientVersionId = num(data.clientVersionId);
  if (clientVersionId === null) return null;
  const [row] = await tx
    .select({
      orgId: clients.orgId,
      client: clients.name,
      clientVersion: clientVersions.version,
      clientOrg: organizations.name,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(eq(clientVersions.id, clientVersionId));
  return row ? { clientVersionId, ...row } : null;
}

/** A link to a client version in each reader's own area (the notifications' rule). */
async function clientLink(tx: Tx, clientVersionId: number | null) {
  const linkOf = clientVersionId === null ? null : await clientLinks(tx, clientVersionId);
  return (profile: Profile) =>
    absolute(linkOf ? linkOf(profile) : profile === 'developer' ? '/portal/my-clients' : '/console/clients');
}

/** The mail an event makes, or null when it mails nobody (see docs/email.md for the choices). */
export async function mailForEvent(tx: Tx, event: PorticoEvent): Promise<EventMail | null> {
  const actor = event.actor.name;
  const others = (ids: Iterable<(number | null)[] | number | null>) =>
    [...new Set([...ids].flat())].filter((id): id is number => id !== null && id !== event.actor.userId);
  switch (event.type) {
    case 'portico.contract.requested': {
      const facts = await contractFacts(tx, event.data);
      // Decided (or withdrawn) before this was delivered: nothing is waiting for anyone.
      if (!facts || facts.status !== 'AwaitingApproval' || facts.apiOrgId === null) return null;
      const link = absolute(approvalLink(facts.contractId));
      return {
        category: 'approval_requests',
        recipients: others(await approversOf(tx, facts.apiOrgId)),
        content: () => templates.signupRequested({ ...facts, actor, link }),
      };
    }
    case 'portico.contract.approved':
    case 'portico.contract.rejected':
    case 'portico.contract.broken': {
      const facts = await contractFacts(tx, event.data);
      if (!facts) return null;
      const editors = facts.clientOrgId === null ? [] : await editorsOf(tx, [facts.clientOrgId]);
      const requester = event.type === 'portico.contract.broken' ? [] : [facts.requestedByUserId];
      const link = await clientLink(tx, facts.clientVersionId);
      const reason = str(event.data.reason);
      return {
        category: 'contract_decisions',
        recipients: others([requester, editors]),
        content: ({ profile }) => {
          const v = { ...facts, actor, link: link(profile) };
          if (event.type === 'portico.contract.approved') return templates.contractApproved(v);
          if (event.type === 'portico.contract.rejected') return templates.contractRejected({ ...v, reason });
          return templates.contractBroken(v);
        },
      };
    }
    case 'portico.client.registered':
    case 'portico.client.unregistered':
    case 'portico.client.retired':
    case 'portico.key.rotated':
    case 'portico.key.grace_ending': {
      const facts = await clientFacts(tx, event.data);
      if (!facts) return null;
      const link = await clientLink(tx, facts.clientVersionId);
      const graceUntil = event.type === 'portico.key.rotated' ? await graceEnd(tx, facts.clientVersionId) : null;
      return {
        category: 'client_events',
        recipients: others(await editorsOf(tx, [facts.orgId])),
        content: ({ profile }) => {
          const v = { ...facts, actor, link: link(profile) };
          switch (event.type) {
            case 'portico.client.registered':
              return templates.clientRegistered(v);
            case 'portico.client.unregistered':
              return templates.clientUnregistered(v);
            case 'portico.client.retired':
              return templates.clientRetired(v);
            case 'portico.key.rotated':
              return templates.keyRotated({ ...v, graceUntil: graceUntil && when(graceUntil) });
            default:
              return templates.keyGraceEnding({ ...v, endsAt: when(event.data.expiresAt) });
          }
        },
      };
    }
    case 'portico.api.retired': {
      // One mail per person for the version's own event; the events per affected contract (which
      // the webhooks route to each client organization) would repeat it.
      if (event.data.contractId != null) return null;
      const apiVersionId = num(event.data.apiVersionId);
      if (apiVersionId === null) return null;
      const holders = await tx
        .select({
          orgId: clients.orgId,
          client: clients.name,
          clientVersion: clientVersions.version,
          api: apis.name,
          apiVersion: apiVersions.version,
          apiOrg: organizations.name,
        })
        .from(contracts)
        .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
        .innerJoin(clients, eq(clients.id, clientVersions.clientId))
        .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
        .innerJoin(apis, eq(apis.id, apiVersions.apiId))
        .innerJoin(organizations, eq(organizations.id, apis.orgId))
        .where(and(eq(contracts.apiVersionId, apiVersionId), eq(contracts.status, 'Active')));
      const first = holders[0];
      if (!first) return null;
      const editors = new Map<number, number[]>();
      for (const orgId of new Set(holders.map((h) => h.orgId))) editors.set(orgId, await editorsOf(tx, [orgId]));
      return {
        category: 'api_changes',
        recipients: others([...editors.values()].flat()),
        content: ({ userId, profile }) => {
          // Each person reads of the clients of their own organizations only.
          const own = holders.filter((h) => editors.get(h.orgId)?.includes(userId));
          return templates.apiRetired({
            ...first,
            clients: own.map((h) => `${h.client} ${h.clientVersion}`).join(', '),
            link: absolute(profile === 'developer' ? '/portal/my-clients' : '/console/clients'),
          });
        },
      };
    }
    case 'portico.token.expiring': {
      const tokenId = str(event.data.tokenId);
      const [token] = await tx
        .select({ userId: accessTokens.userId, name: accessTokens.name, expiresAt: accessTokens.expiresAt })
        .from(accessTokens)
        .where(eq(accessTokens.id, tokenId));
      if (!token) return null;
      return {
        category: 'account',
        recipients: others([token.userId]),
        content: ({ profile }) =>
          templates.tokenExpiring({
            token: token.name,
            expiresAt: when(token.expiresAt),
            link: absolute(`${profile === 'developer' ? '/portal' : '/console'}/account`),
          }),
      };
    }
    // Mail nobody: a new API version is marketplace news, not mail; a re-registration repeats what
    // the client's team already knows; a deleted client has no page left to link to; a new
    // account's only person is its actor.
    case 'portico.api.published':
    case 'portico.client.reregistered':
    case 'portico.client.deleted':
    case 'portico.user.registered':
      return null;
  }
}

/** When a rotated-out key stops: the latest expiry still ahead among the version's old keys. */
async function graceEnd(tx: Tx, clientVersionId: number): Promise<Date | null> {
  const [row] = await tx
    .select({ until: max(apiKeys.expiresAt) })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.clientVersionId, clientVersionId),
        isNotNull(apiKeys.expiresAt),
        gt(apiKeys.expiresAt, new Date()),
      ),
    );
  return row?.until ?? null;
}
