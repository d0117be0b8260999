import { describe, expect, it } from 'vitest';
import {
  availableActions,
  displayStatus,
  mayPerform,
  statusLabels,
  type ClientStatusAction,
  type ClientStatusFacts,
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
