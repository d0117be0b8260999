import { relations } from 'drizzle-orm';
import { memberships } from './memberships';
import { users } from './users';
import { organizations } from './organizations';
import { apis, apiVersions, apiPlans } from './apis';
import { plans, planVersions } from './plans';
import { clients, clientVersions, apiKeys } from './clients';
import { contracts } from './contracts';
import { policies } from './policies';

export const usersRelations = relations(users, ({ many }) => ({ memberships: many(memberships) }));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  organization: one(organizations, { fields: [memberships.orgId], references: [organizations.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));

export const organizationsRelations = relations(organizations, ({ many }) => ({
  memberships: many(memberships),
  apis: many(apis),
  plans: many(plans),
  clients: many(clients),
}));

export const apisRelations = relations(apis, ({ one, many }) => ({
  organization: one(organizations, { fields: [apis.orgId], references: [organizations.id] }),
  versions: many(apiVersions),
}));

export const apiVersionsRelations = relations(apiVersions, ({ one, many }) => ({
  api: one(apis, { fields: [apiVersions.apiId], references: [apis.id] }),
  plans: many(apiPlans),
  contracts: many(contracts),
  policies: many(policies),
}));

export const apiPlansRelations = relations(apiPlans, ({ one }) => ({
  apiVersion: one(apiVersions, { fields: [apiPlans.apiVersionId], references: [apiVersions.id] }),
  planVersion: one(planVersions, { fields: [apiPlans.planVersionId], references: [planVersions.id] }),
}));

export const plansRelations = relations(plans, ({ one, many }) => ({
  organization: one(organizations, { fields: [plans.orgId], references: [organizations.id] }),
  versions: many(planVersions),
}));

export const planVersionsRelations = relations(planVersions, ({ one, many }) => ({
  plan: one(plans, { fields: [planVersions.planId], references: [plans.id] }),
  policies: many(policies),
}));

export const clientsRelations = relations(clients, ({ one, many }) => ({
  organization: one(organizations, { fields: [clients.orgId], references: [organizations.id] }),
  versions: many(clientVersions),
}));

export const clientVersionsRelations = relations(clientVersions, ({ one, many }) => ({
  client: one(clients, { fields: [clientVersions.clientId], references: [clients.id] }),
  keys: many(apiKeys),
  contracts: many(contracts),
  policies: many(policies),
}));

export const apiKeysRelations = relations(apiKeys, ({ one }) => ({
  clientVersion: one(clientVersions, { fields: [apiKeys.clientVersionId], references: [clientVersions.id] }),
}));

export const contractsRelations = relations(contracts, ({ one }) => ({
  clientVersion: one(clientVersions, { fields: [contracts.clientVersionId], references: [clientVersions.id] }),
  apiVersion: one(apiVersions, { fields: [contracts.apiVersionId], references: [apiVersions.id] }),
  planVersion: one(planVersions, { fields: [contracts.planVersionId], references: [planVersions.id] }),
}));

export const policiesRelations = relations(policies, ({ one }) => ({
  clientVersion: one(clientVersions, { fields: [policies.clientVersionId], references: [clientVersions.id] }),
  planVersion: one(planVersions, { fields: [policies.planVersionId], references: [planVersions.id] }),
  apiVersion: one(apiVersions, { fields: [policies.apiVersionId], references: [apiVersions.id] }),
}));
