/* The API commands, one module per concern; server actions and tests import them from here. */
export { lockApiVersionRow } from './version-row';
export { createApi, updateApiDescription, createApiVersion } from './create';
export { apiSettingsInput, updateApiVersionSettings } from './settings';
export { offerInput, offerPlan, withdrawPlan } from './plan-offers';
export { versionIdInput, publishApiVersion, retireApiVersion } from './publication';
