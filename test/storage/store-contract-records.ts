/**
 * The roles, conversations, people and idempotency part of the Store contract (see
 * store-contract.ts): role holders, the conversations the bot has been spoken to in, people with
 * both of their ids, and remembered invoke outcomes, each kept across a reopen.
 */
import type { Actor, RoleAssignment } from '../../domain/types';
import type { Store } from '../../storage/store';
import { alice, at, bob, conversation } from './store-contract-fixtures';

export function runRecordsContract(store: () => Store, reopen: () => Promise<Store>): void {
  describe('roles', () => {
    const assignment = (role: string, holder: Actor, deputy = false): RoleAssignment => ({
      role,
      holder,
      deputy,
      assignedBy: bob,
      assignedAt: at(1),
    });
    const summary = async (s: Store): Promise<string[]> =>
      (await s.listRoleAssignments()).map((a) => `${a.role}:${a.holder.name}:${a.deputy ? 'deputy' : 'holder'}`).sort();

    it('adds several holders per role, replaces a re-added holder, removes one, and keeps them across reopen', async () => {
      await store().addRoleAssignment(assignment('finance', alice));
      await store().addRoleAssignment(assignment('finance', bob, true));
      await store().addRoleAssignment(assignment('legal', bob));
      expect(await summary(store())).toEqual([
        'finance:Alice Finance:holder',
        'finance:Bob Legal:deputy',
        'legal:Bob Legal:holder',
      ]);
      await store().addRoleAssignment(assignment('finance', bob, false));
      expect(await summary(store())).toEqual([
        'finance:Alice Finance:holder',
        'finance:Bob Legal:holder',
        'legal:Bob Legal:holder',
      ]);
      expect(await store().removeRoleAssignment('finance', bob.aadObjectId)).toBe(true);
      expect(await store().removeRoleAssignment('finance', bob.aadObjectId)).toBe(false);
      expect(await summary(await reopen())).toEqual(['finance:Alice Finance:holder', 'legal:Bob Legal:holder']);
      expect((await store().listRoleAssignments()).find((a) => a.role === 'legal')).toEqual(assignment('legal', bob));
    });
  });

  describe('conversations', () => {
    it('saves, overwrites and returns conversation references', async () => {
      expect(await store().getConversation('user:alice')).toBeNull();
      await store().saveConversation('user:alice', conversation('a:1'));
      await store().saveConversation('user:bob', conversation('b:1'));
      await store().saveConversation('user:alice', conversation('a:2'));
      expect(await store().getConversation('user:alice')).toEqual(conversation('a:2'));
      expect(await (await reopen()).getConversation('user:bob')).toEqual(conversation('b:1'));
      expect(await store().getConversation('toString')).toBeNull();
    });

    it('keeps a reference saved again unchanged, and replaces it when any part changed', async () => {
      await store().saveConversation('user:carol', conversation('c:1'));
      await store().saveConversation('user:carol', conversation('c:1'));
      expect(await (await reopen()).getConversation('user:carol')).toEqual(conversation('c:1'));
      await store().saveConversation('user:carol', { ...conversation('c:1'), teamId: '19:other-team@thread.tacv2' });
      expect(await (await reopen()).getConversation('user:carol')).toEqual({
        ...conversation('c:1'),
        teamId: '19:other-team@thread.tacv2',
      });
    });
  });

  describe('people', () => {
    const alicePerson = { aadObjectId: alice.aadObjectId, mri: '29:1alice', name: alice.name };
    const bobPerson = { aadObjectId: bob.aadObjectId, mri: '29:1bob', name: bob.name };

    it('keeps both ids of a person, found by AAD object id in any case, and across reopen', async () => {
      expect(await store().listPeople()).toEqual([]);
      await store().savePerson(alicePerson);
      await store().savePerson(bobPerson);
      expect(await store().listPeople([alice.aadObjectId.toUpperCase(), 'no-such-person'])).toEqual([alicePerson]);
      expect(await store().listPeople([])).toEqual([]);
      const reopened = await reopen();
      expect((await reopened.listPeople()).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        alicePerson,
        bobPerson,
      ]);
      expect(await reopened.listPeople([bob.aadObjectId, bob.aadObjectId])).toEqual([bobPerson]);
    });

    it('replaces what was known when a person is seen again with another MRI or name', async () => {
      await store().savePerson(alicePerson);
      await store().savePerson(alicePerson);
      await store().savePerson({
        ...alicePerson,
        aadObjectId: alice.aadObjectId.toUpperCase(),
        mri: '29:1new',
        name: 'Alice F.',
      });
      expect(await (await reopen()).listPeople([alice.aadObjectId])).toEqual([
        { aadObjectId: alice.aadObjectId.toUpperCase(), mri: '29:1new', name: 'Alice F.' },
      ]);
      expect(await store().listPeople()).toHaveLength(1);
    });
  });

  describe('idempotency', () => {
    it('returns null the first time a key is seen and the stored outcome after, also across reopen', async () => {
      expect(await store().rememberOnce('invoke-1', { result: 'ticked', version: 2 }, at(0))).toBeNull();
      expect(await store().rememberOnce('invoke-1', { result: 'other' }, at(1))).toEqual({
        result: 'ticked',
        version: 2,
      });
      expect(await store().rememberOnce('invoke-2', { result: 'signed' }, at(2))).toBeNull();
      expect(await (await reopen()).rememberOnce('invoke-1', { result: 'again' }, at(3))).toEqual({
        result: 'ticked',
        version: 2,
      });
    });

    it('records a key once when the same invoke arrives twice at once', async () => {
      const outcomes = await Promise.all([
        store().rememberOnce('k', { n: 1 }, at(0)),
        store().rememberOnce('k', { n: 2 }, at(0)),
      ]);
      expect(outcomes.filter((o) => o === null)).toHaveLength(1);
      expect(outcomes.find((o) => o !== null)).toEqual(await store().rememberOnce('k', { n: 3 }, at(0)));
    });
  });
}
