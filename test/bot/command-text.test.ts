import { botNamesIn, nearestCommand, plainText, splitCommand } from '../../bot/command-text';

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
});
