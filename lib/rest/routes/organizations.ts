import { z } from 'zod';
import { searchText } from '@/lib/commands/input';
import {
  createOrganization,
  createOrganizationInput,
  updateOrganizationDescription,
  updateOrganizationInput,
  updateOrganizationTerms,
  updateOrganizationTermsInput,
} from '@/lib/organizations/commands';
import {
  addMember,
  addMemberInput,
  removeMember,
  updateMemberRoles,
  updateMemberRolesInput,
} from '@/lib/organizations/members';
import { listChangeLog } from '@/lib/queries/change-log';
import { listMembers } from '@/lib/queries/members';
import { eq } from 'drizzle-orm';
import { organizations } from '@/db/schema';
import { listOrganizations } from '@/lib/queries/organizations';
import { cursorPage, cursorParams } from '@/lib/queries/page';
import { markAllNotificationsRead, markNotificationRead } from '@/lib/notifications/commands';
import { listNotifications } from '@/lib/queries/notifications';
import type { Db } from '@/db';
import { route } from '../route';
import { organizationTarget, providerOrganizationTarget } from '../targets';
import { done, doneReply, iso, listReply, listSchema } from './shared';

/* Organizations, their members and change log; the caller's notifications. */

const organization = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  terms: z.string(),
  createdAt: z.string(),
});

const organizationRow = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  roles: z.array(z.string()).describe("The caller's roles in it"),
  apiCount: z.number().int(),
  planCount: z.number().int(),
  clientCount: z.number().int(),
});

const member = z.object({ userId: z.number().int(), name: z.string(), email: z.string(), roles: z.array(z.string()) });

const changeEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  entityType: z.string(),
  entityName: z.string(),
  entityVersion: z.string().nullable(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

const notification = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});

const search = z.object({ q: searchText().describe('Words in the name or description') });
const searchList = search.extend(cursorParams.shape);

/** The organization's representation; the caller was checked already (the path's target, or its creator). */
async function organizationBody(db: Db, slug: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  return org
    ? { slug: org.slug, name: org.name, description: org.description, terms: org.terms, createdAt: iso(org.createdAt) }
    : null;
}

export const organizationRoutes = [
  route({
    method: 'GET',
    path: '/organizations',
    operationId: 'listOrganizations',
    summary: 'Organizations the caller may see',
    tag: 'Organizations',
    scope: 'organizations:read',
    list: true,
    query: searchList,
    success: { status: 200, schema: listSchema(organizationRow), description: 'A page of organizations' },
    handler: async ({ db, caller, query, url }) => {
      const page = await listOrganizations(db, caller, { ...cursorPage(query), q: query.q, sort: 'name', dir: 'asc' });
      return listReply(page, url, ({ id, ...row }) => (void id, row));
    },
  }),
  route({
    method: 'POST',
    path: '/organizations',
    operationId: 'createOrganization',
    summary: 'Create an organization (its creator becomes Editor and User Manager)',
    tag: 'Organizations',
    scope: 'organizations:write',
    body: createOrganizationInput,
    success: { status: 201, schema: organization, description: 'The organization made' },
    handler: async ({ db, caller, url, input }) => {
      const result = await createOrganization({ db, caller }, input);
      if (!result.ok) return result;
      return {
        body: await organizationBody(db, result.data.slug),
        headers: { Location: `${url.pathname}/${result.data.slug}` },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/organizations/{org}',
    operationId: 'getOrganization',
    summary: 'One organization',
    tag: 'Organizations',
    scope: 'organizations:read',
    target: organizationTarget,
    success: { status: 200, schema: organization, description: 'The organization' },
    handler: async ({ db, target }) => ({ body: await organizationBody(db, target.slug) }),
  }),
  route({
    method: 'PUT',
    path: '/organizations/{org}',
    operationId: 'updateOrganization',
    summary: "Change the organization's description",
    tag: 'Organizations',
    scope: 'organizations:write',
    target: organizationTarget,
    body: updateOrganizationInput.omit({ orgId: true }),
    success: { status: 200, schema: organization, description: 'The organization as changed' },
    handler: async ({ db, caller, target, input }) => {
      const result = await updateOrganizationDescription({ db, caller }, { ...input, orgId: target.orgId });
      return result.ok ? { body: await organizationBody(db, target.slug) } : result;
    },
  }),
  route({
    method: 'PUT',
    path: '/organizations/{org}/terms',
    operationId: 'updateOrganizationTerms',
    summary: 'Change the Terms and Conditions consumers accept when signing up',
    tag: 'Organizations',
    scope: 'organizations:write',
    target: organizationTarget,
    body: updateOrganizationTermsInput.omit({ orgId: true }),
    success: { status: 200, schema: organization, description: 'The organization as changed' },
    handler: async ({ db, caller, target, input }) => {
      const result = await updateOrganizationTerms({ db, caller }, { ...input, orgId: target.orgId });
      return result.ok ? { body: await organizationBody(db, target.slug) } : result;
    },
  }),
  route({
    method: 'GET',
    path: '/organizations/{org}/members',
    operationId: 'listMembers',
    summary: 'Members and their roles',
    tag: 'Members',
    scope: 'members:read',
    target: providerOrganizationTarget,
    list: true,
    query: searchList,
    success: { status: 200, schema: listSchema(member), description: 'A page of members' },
    handler: async ({ db, caller, query, target, url }) => {
      const page = await listMembers(db, caller, target.orgId, {
        ...cursorPage(query),
        q: query.q,
        sort: 'name',
        dir: 'asc',
      });
      return listReply(page, url, (row) => row);
    },
  }),
  route({
    method: 'POST',
    path: '/organizations/{org}/members',
    operationId: 'addMember',
    summary: 'Add a person (by email) with roles',
    tag: 'Members',
    scope: 'members:write',
    target: providerOrganizationTarget,
    fields: { orgId: '/path/org' },
    body: addMemberInput.omit({ orgId: true }),
    success: { status: 201, schema: done, description: 'Added' },
    handler: async ({ db, caller, target, input }) => {
      const result = await addMember({ db, caller }, { ...input, orgId: target.orgId });
      return result.ok ? doneReply : result;
    },
  }),
  route({
    method: 'PUT',
    path: '/organizations/{org}/members/{userId}',
    operationId: 'updateMemberRoles',
    summary: "Change a member's roles",
    tag: 'Members',
    scope: 'members:write',
    target: providerOrganizationTarget,
    fields: { orgId: '/path/org', userId: '/path/userId' },
    body: updateMemberRolesInput.pick({ roles: true }),
    success: { status: 200, schema: done, description: 'Changed' },
    handler: async ({ db, caller, params, target, input }) => {
      const result = await updateMemberRoles({ db, caller }, { ...input, orgId: target.orgId, userId: params.userId });
      return result.ok ? doneReply : result;
    },
  }),
  route({
    method: 'DELETE',
    path: '/organizations/{org}/members/{userId}',
    operationId: 'removeMember',
    summary: 'Remove a member',
    tag: 'Members',
    scope: 'members:write',
    target: providerOrganizationTarget,
    fields: { orgId: '/path/org', userId: '/path/userId' },
    success: { status: 200, schema: done, description: 'Removed' },
    handler: async ({ db, caller, params, target }) => {
      const result = await removeMember({ db, caller }, { orgId: target.orgId, userId: params.userId });
      return result.ok ? doneReply : result;
    },
  }),
  route({
    method: 'GET',
    path: '/organizations/{org}/changes',
    operationId: 'listChanges',
    summary: "The organization's change log, newest first",
    tag: 'Change log',
    scope: 'changelog:read',
    target: providerOrganizationTarget,
    list: true,
    query: cursorParams,
    success: { status: 200, schema: listSchema(changeEntry), description: 'A page of entries' },
    handler: async ({ db, caller, query, target, url }) => {
      const page = await listChangeLog(db, caller, { orgId: target.orgId }, cursorPage(query));
      return listReply(page, url, (row) => ({
        id: row.id,
        at: iso(row.createdAt),
        actor: row.actorName,
        entityType: row.entityType,
        entityName: row.entityName,
        entityVersion: row.entityVersion,
        action: row.action,
        before: row.before,
        after: row.after,
      }));
    },
  }),
  route({
    method: 'GET',
    path: '/notifications',
    operationId: 'listNotifications',
    summary: "The caller's notifications, newest first (the latest 100)",
    tag: 'Notifications',
    scope: 'notifications:read',
    success: { status: 200, schema: z.object({ items: z.array(notification) }), description: 'Notifications' },
    handler: async ({ db, caller }) => ({
      body: {
        items: (await listNotifications(db, caller)).map((n) => ({
          id: n.id,
          type: n.type,
          title: n.title,
          body: n.body,
          link: n.link,
          read: n.readAt !== null,
          createdAt: iso(n.createdAt),
        })),
      },
    }),
  }),
  route({
    method: 'POST',
    path: '/notifications/{notificationId}/read',
    operationId: 'markNotificationRead',
    summary: 'Mark one notification read',
    tag: 'Notifications',
    scope: 'notifications:write',
    success: { status: 200, schema: done, description: 'Marked' },
    handler: async ({ db, caller, params }) => {
      const result = await markNotificationRead({ db, caller }, { id: params.notificationId });
      return result.ok ? doneReply : result;
    },
  }),
  route({
    method: 'POST',
    path: '/notifications/read',
    operationId: 'markAllNotificationsRead',
    summary: 'Mark every notification read',
    tag: 'Notifications',
    scope: 'notifications:write',
    success: { status: 200, schema: done, description: 'Marked' },
    handler: async ({ db, caller }) => {
      const result = await markAllNotificationsRead({ db, caller });
      return result.ok ? doneReply : result;
    },
  }),
];
