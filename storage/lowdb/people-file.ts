/**
 * people.json: everyone the bot has met, with both Teams ids, keyed by the lower-cased AAD object
 * id. Many turns learn people at once, so writes go through a group commit; a person seen again
 * exactly as known writes nothing.
 */
import { samePerson, type KnownPerson } from '../store';
import type { GroupCommit } from './group-commit';
import type { PeopleFile } from './small-files';

export class PeopleDoc {
  constructor(private readonly commits: GroupCommit<PeopleFile>) {}

  async save(person: KnownPerson): Promise<void> {
    const key = person.aadObjectId.toLowerCase();
    const { people } = this.commits.current;
    if (Object.hasOwn(people, key) && samePerson(people[key]!, person)) return;
    await this.commits.change((file) => ({ people: { ...file.people, [key]: { ...person } } }));
  }

  /** The people with these AAD object ids (any case, each once), or everyone without the argument. */
  list(aadObjectIds?: readonly string[]): KnownPerson[] {
    const { people } = this.commits.current;
    if (aadObjectIds === undefined) return Object.values(people);
    const keys = [...new Set(aadObjectIds.map((id) => id.toLowerCase()))];
    return keys.filter((k) => Object.hasOwn(people, k)).map((k) => people[k]!);
  }
}
