import { describe, expect, it } from 'vitest';
import { contractDisplay } from '@/lib/contracts/status';
import {
  availableActions,
  clientVersionFrozen,
  displayStatus,
  mayPerform,
  statusAfterApiRetired,
  statusAfterContracts,
  statusAfterTransition,
  statusLabels,
  type ClientStatus,
  type ClientStatusAction,
  type ClientStatusFacts,
  type ContractFacts,
} from './status';

const registered: ClientStatusFacts = { status: 'Registered', configRevision: 3, registeredRevision: 3 };
const changed: ClientStatusFacts = { status: 'Registered', configRevision: 4, registeredRevision: 3 };

describe('displayed status', () => {
  it('derives Unpublished Changes only for a Registered version whose configuration moved on', () => {
    expect(displayStatus(registered)).toBe('Registered');
    expect(displayStatus(changed)).toBe('UnpublishedChanges');
    expect(statusLabels[displayStatus(changed)]).toBe('Unpublished Changes');
    for (const status of ['Created', 'AwaitingApproval', 'Ready', 'Retired'] as const) {
      expect(displayStatus({ status, configRevision: 5, registeredRevision: 2 })).toBe(status);
    }
  });
});

describe('the Status dropdown of SPEC §2', () => {
  const cases: [string, ClientStatusFacts, ClientStatusAction[]][] = [
    ['Created', { status: 'Created', configRevision: 1, registeredRevision: null }, ['retire']],
    ['Awaiting Approval', { status: 'AwaitingApproval', configRevision: 1, registeredRevision: null }, ['retire']],
    ['Ready', { status: 'Ready', configRevision: 2, registeredRevision: null }, ['register', 'retire']],
    ['Registered', registered, ['unregister', 'retire']],
    ['Unpublished Changes', changed, ['reregister', 'unregister']],
    ['Retired', { status: 'Retired', configRevision: 3, registeredRevision: null }, ['reregister']],
  ];
  const everyAction: ClientStatusAction[] = ['register', 'reregister', 'unregister', 'retire'];

  it.each(cases)('offers exactly the allowed transitions from %s', (_label, facts, allowed) => {
    expect(availableActions(facts)).toEqual(allowed);
    for (const action of everyAction) expect(mayPerform(facts, action), action).toBe(allowed.includes(action));
  });
});

describe('the status after contracts change', () => {
  const facts = (status: ClientStatus, active: number, pending: number): ContractFacts => ({ status, active, pending });

  it('registers by itself on a contract signed without approval, from any status but Retired', () => {
    for (const status of ['Created', 'Ready', 'AwaitingApproval', 'Registered'] as const)
      expect(statusAfterContracts(facts(status, 1, status === 'AwaitingApproval' ? 1 : 0), 'signed')).toBe(
        'Registered',
      );
  });

  it('awaits approval on a request, except a Registered version, which stays Registered', () => {
    expect(statusAfterContracts(facts('Created', 0, 1), 'requested')).toBe('AwaitingApproval');
    expect(statusAfterContracts(facts('Ready', 1, 1), 'requested')).toBe('AwaitingApproval');
    expect(statusAfterContracts(facts('Registered', 1, 1), 'requested')).toBe('Registered');
  });

  it('registers once the last pending request is approved, and keeps waiting while one is left', () => {
    expect(statusAfterContracts(facts('AwaitingApproval', 1, 0), 'approved')).toBe('Registered');
    expect(statusAfterContracts(facts('AwaitingApproval', 1, 1), 'approved')).toBe('AwaitingApproval');
    expect(statusAfterContracts(facts('Registered', 2, 0), 'approved')).toBe('Registered');
  });

  it('goes back to Created when the last request is rejected or broken, Ready when active ones remain', () => {
    for (const change of ['rejected', 'broken'] as const) {
      expect(statusAfterContracts(facts('AwaitingApproval', 0, 0), change)).toBe('Created');
      expect(statusAfterContracts(facts('AwaitingApproval', 1, 0), change)).toBe('Ready');
      expect(statusAfterContracts(facts('AwaitingApproval', 0, 1), change)).toBe('AwaitingApproval');
    }
  });

  it('takes a Registered version without an active contract off the gateway, whatever removed it', () => {
    for (const change of ['broken', 'withdrawn', 'rejected'] as const) {
      expect(statusAfterContracts(facts('Registered', 0, 0), change)).toBe('Created');
      expect(statusAfterContracts(facts('Registered', 0, 1), change)).toBe('AwaitingApproval');
      expect(statusAfterContracts(facts('Registered', 1, 0), change)).toBe('Registered');
    }
  });

  it('decides alike after an API retires and after a contract is broken', () => {
    for (const f of [
      facts('Registered', 0, 0),
      facts('Registered', 0, 2),
      facts('Registered', 3, 0),
      facts('Ready', 0, 0),
    ])
      expect(statusAfterApiRetired(f)).toBe(statusAfterContracts(f, 'broken'));
  });

  it('never moves a Retired version', () => {
    for (const change of ['signed', 'requested', 'approved', 'rejected', 'broken', 'withdrawn', 'copied'] as const)
      expect(statusAfterContracts(facts('Retired', 1, 1), change)).toBe('Retired');
  });

  it('starts a new version from its copied contracts: waiting, ready or created, never registered', () => {
    expect(statusAfterContracts(facts('Created', 1, 1), 'copied')).toBe('AwaitingApproval');
    expect(statusAfterContracts(facts('Created', 2, 0), 'copied')).toBe('Ready');
    expect(statusAfterContracts(facts('Created', 0, 0), 'copied')).toBe('Created');
  });
});

describe('the status after a Status dropdown transition', () => {
  it('retires on Unregister and Retire', () => {
    expect(statusAfterTransition({ status: 'Registered', active: 1, pending: 0 }, 'unregister')).toBe('Retired');
    expect(statusAfterTransition({ status: 'Ready', active: 1, pending: 0 }, 'retire')).toBe('Retired');
  });

  it('registers with an active contract; undoing a retirement without one gives Created; Register without one is refused', () => {
    expect(statusAfterTransition({ status: 'Ready', active: 1, pending: 0 }, 'register')).toBe('Registered');
    expect(statusAfterTransition({ status: 'Retired', active: 1, pending: 0 }, 'reregister')).toBe('Registered');
    expect(statusAfterTransition({ status: 'Retired', active: 0, pending: 0 }, 'reregister')).toBe('Created');
    expect(statusAfterTransition({ status: 'Ready', active: 0, pending: 0 }, 'register')).toBeNull();
  });
});

describe('frozen versions', () => {
  it('freezes a retired client version only', () => {
    expect(clientVersionFrozen('Retired')).toMatch(/retired/);
    for (const status of ['Created', 'AwaitingApproval', 'Ready', 'Registered'] as const)
      expect(clientVersionFrozen(status)).toBeNull();
  });
});

describe('contractDisplay', () => {
  it('calls a contract callable only when the gateway serves its client version', () => {
    expect(contractDisplay('Active', 'Registered')).toEqual({ label: 'Active', callable: true });
    expect(contractDisplay('Active', 'UnpublishedChanges')).toEqual({ label: 'Active', callable: true });
    expect(contractDisplay('Active', 'Retired')).toEqual({ label: 'Not callable: client retired', callable: false });
    expect(contractDisplay('AwaitingApproval', 'Retired').label).toBe('Not callable: client retired');
    expect(contractDisplay('AwaitingApproval', 'AwaitingApproval')).toEqual({
      label: 'Awaiting Approval',
      callable: false,
    });
    expect(contractDisplay('Active', 'AwaitingApproval').label).toBe('Not callable: client awaiting approval');
    expect(contractDisplay('Active', 'Ready').label).toBe('Not callable: client not registered');
    expect(contractDisplay('Active', 'Created').callable).toBe(false);
  });
});
