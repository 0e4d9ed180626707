import {
  botNamesIn,
  mentionedPeople,
  nearestCommand,
  plainText,
  splitCommand,
  textWithoutMentions,
} from '../../bot/command-text';

describe('command text', () => {
  test('strips the bot mention and Teams markup', () => {
    expect(plainText('<at>Decision Tracker</at> show&nbsp;PCD 1065<br/>', ['Decision Tracker'])).toBe('show PCD 1065');
    expect(plainText('<p><at>Decision Tracker</at> fund PCD 1065 | A &amp; B</p>', ['Decision Tracker'])).toBe(
      'fund PCD 1065 | A & B',
    );
  });

  test("strips a shortened @mention of the bot, and only the bot's", () => {
    const activity = {
      recipient: { id: '28:bot', name: 'Decision Tracker' },
      entities: [
        { type: 'mention', mentioned: { id: '28:bot' }, text: '<at>Decision</at>' },
        { type: 'mention', mentioned: { id: '29:fiona' }, text: '<at>Fiona Finance</at>' },
      ],
    };
    expect(botNamesIn(activity)).toEqual(['Decision Tracker', 'Decision']);
    expect(plainText('<at>Decision</at> role finance <at>Fiona Finance</at>', botNamesIn(activity))).toBe(
      'role finance Fiona Finance',
    );
  });

  test('splits the verb, case-insensitively, from its arguments', () => {
    expect(splitCommand('  SHOW   PCD 1065 ')).toEqual({ verb: 'show', args: 'PCD 1065' });
    expect(splitCommand('help')).toEqual({ verb: 'help', args: '' });
    expect(splitCommand('   ')).toBeNull();
  });

  test('suggests the nearest command for a typo, and nothing for nonsense', () => {
    const known = ['help', 'new', 'fund', 'show', 'list', 'submit', 'history', 'withdraw'];
    expect(nearestCommand('shwo', known)).toBe('show');
    expect(nearestCommand('sumbit', known)).toBe('submit');
    expect(nearestCommand('hist', known)).toBe('history');
    expect(nearestCommand('xylophone', known)).toBeNull();
  });

  test('a person mentioned in several pieces (new Teams clients) is one person, named in full', () => {
    const activity = {
      recipient: { id: '28:bot', name: 'Decision Tracker' },
      text: '<at>Decision</at> <at>Tracker</at> role finance <at>Fiona</at> <at>Finance</at> and <at>Leo Legal</at>',
      entities: [
        { type: 'mention', mentioned: { id: '28:bot', name: 'Decision' }, text: '<at>Decision</at>' },
        { type: 'mention', mentioned: { id: '28:bot', name: 'Tracker' }, text: '<at>Tracker</at>' },
        { type: 'mention', mentioned: { id: '29:fiona', name: 'Fiona' }, text: '<at>Fiona</at>' },
        { type: 'mention', mentioned: { id: '29:fiona', name: 'Finance' }, text: '<at>Finance</at>' },
        { type: 'mention', mentioned: { id: '29:leo', name: 'Leo Legal' }, text: '<at>Leo Legal</at>' },
        { type: 'clientInfo', locale: 'en-GB' },
      ],
    };
    const people = mentionedPeople(activity);
    expect(people).toEqual([
      { id: '29:fiona', name: 'Fiona Finance', texts: ['<at>Fiona</at>', '<at>Finance</at>'] },
      { id: '29:leo', name: 'Leo Legal', texts: ['<at>Leo Legal</at>'] },
    ]);
    // The role word "finance" stays although a piece of the name is "Finance".
    expect(textWithoutMentions(activity.text, people, botNamesIn(activity))).toBe('role finance and');
  });

  test('a mention repeated with the same name, or without markup in the text, still counts once', () => {
    const twice = {
      type: 'mention',
      mentioned: { id: '29:fiona', name: 'Fiona Finance' },
      text: '<at>Fiona Finance</at>',
    };
    const people = mentionedPeople({ entities: [twice, twice] });
    expect(people).toEqual([{ id: '29:fiona', name: 'Fiona Finance', texts: [twice.text, twice.text] }]);
    expect(textWithoutMentions('finance deputy Fiona Finance', people)).toBe('finance deputy');
  });
});
