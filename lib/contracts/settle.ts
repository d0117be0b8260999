import type { Tx } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { configurationChanged, contractFacts, settleStatus } from '@/lib/clients/registration';
import { statusAfterContracts, statusLabels, type ClientStatus, type ContractChange } from '@/lib/clients/status';
import { editorsOf, notify } from '@/lib/notifications/send';
import { clientRef, clientStatusChanged } from '@/lib/events/catalog';
import { recordEvent } from '@/lib/events/outbox';
import type { LockedClientVersion } from './locks';

/**
 * After a client version's contracts changed: the gateway gets exactly the contracts that came or
 * went, the status machine decides the status, and a version registered or unregistered by this is
 * logged and written as an event (and, registered, told to its organization’s Editors). Updates `client.status` so a
 * command deciding several contracts of one version goes on from the new status.
 */
export async function settleClient(
  tx: Tx,
  caller: Caller,
  client: LockedClientVersion,
  change: ContractChange,
  contractsChanged?: { added?: number[]; removed?: number[] },
): Promise<ClientStatus> {
  if (contractsChanged) await configurationChanged(tx, client.id, contractsChanged);
  const before = client.status;
  const next = statusAfterContracts(await contractFacts(tx, client), change);
  const settled = await settleStatus(tx, client, next);
  client.status = next;
  if (!settled) return next;
  await recordChange(tx, caller, {
    orgId: client.orgId,
    entityType: 'client_version',
    entityId: client.id,
    entityName: client.name,
    entityVersion: client.version,
    action: settled === 'registered' ? 'register' : 'unregister',
    before: { status: statusLabels[before] },
    after: { status: statusLabels[next] },
  });
  const action = settled === 'registered' ? 'register' : 'unregister';
  await recordEvent(tx, clientStatusChanged(caller, action, clientRef(client), { before, after: next }, true));
  if (settled === 'registered')
    await notify(tx, caller, await editorsOf(tx, [client.orgId]), {
      type: 'client_registered',
      title: `${client.name} ${client.version} is registered`,
      body: 'Its API key works for its active contracts.',
      link: { clientVersionId: client.id },
    });
  return next;
}
