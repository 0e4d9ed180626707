/**
 * The whole surface of the bot in one place: every chat command, card verb and dialog, with
 * its handler. app.ts registers these with teams-ai; nothing else adds routes.
 */
import type { CommandHandler, DialogHandler, VerbHandler } from './handler-types';
import { fundCommand, newCommand, submitCommand, withdrawCommand } from './handlers/decision-commands';
import { editCommand, editVerb, openEditDialog, saveEditDialog, updateVerb } from './handlers/edit-details';
import { historyCommand, listCommand, mineCommand, showCommand } from './handlers/view-commands';
import { roleCommand, rolesCommand } from './handlers/role-commands';
import {
  refreshVerb,
  rejectVerb,
  showVerb,
  signVerb,
  submitVerb,
  tickVerb,
  untickVerb,
  withdrawVerb,
} from './handlers/card-actions';
import { reply } from './replies';
import { FUND_EXAMPLE } from './fund-command';
import { expiringCommand, remindersCommand, unwatchCommand, watchCommand } from './handlers/reminder-commands';
import { endVerb, renewVerb } from './handlers/funding-actions';
import { exportCommand, importApproveVerb, importCommand, registerCommand } from './handlers/import-export-commands';
import { MAX_PASTED_DOCUMENT_LENGTH } from './command-text';

export interface CommandRoute {
  readonly name: string;
  readonly example: string;
  readonly summary: string;
  readonly handler: CommandHandler;
  /** Longest message the command reads, when longer than MAX_COMMAND_LENGTH (a pasted document). */
  readonly maxLength?: number;
}

const helpCommand: CommandHandler = async (turn) => {
  const lines = commands.map((c) => `- \`${c.example}\`: ${c.summary}`);
  const how =
    turn.conversation.conversationType === 'personal'
      ? 'Type a command here as it is.'
      : 'In a channel or group chat, @mention me first, e.g. `@Decision Tracker show PCD 1065`.';
  await reply(turn, `**Decision Tracker** (${turn.deps.profile.name} profile)\n\n${lines.join('\n')}\n\n${how}`);
};

export const commands: readonly CommandRoute[] = [
  { name: 'help', example: 'help', summary: 'this list', handler: helpCommand },
  {
    name: 'new',
    example: 'new Criminal Justice System - 2022/23 Commissioning Decisions',
    summary: 'start a draft decision here (or `new PCD 1065 <title>` to give the reference)',
    handler: newCommand,
  },
  {
    name: 'fund',
    example: FUND_EXAMPLE,
    summary: 'add a funding line, or replace the line with the same service',
    handler: fundCommand,
  },
  {
    name: 'edit',
    example: 'edit PCD 1065',
    summary:
      'a form for the title, summary, recommendations and background papers (in a dialog, or here in personal chat)',
    handler: editCommand,
  },
  { name: 'show', example: 'show PCD 1065', summary: "the decision's card", handler: showCommand },
  {
    name: 'list',
    example: 'list pending',
    summary: 'the register (optionally: draft, review, signing, pending, approved, rejected, withdrawn)',
    handler: listCommand,
  },
  { name: 'mine', example: 'mine', summary: 'what is waiting on you', handler: mineCommand },
  {
    name: 'history',
    example: 'history PCD 1065',
    summary: 'every change, who and when, and whether the audit chain verifies',
    handler: historyCommand,
  },
  { name: 'submit', example: 'submit PCD 1065', summary: 'send a draft for sign-off', handler: submitCommand },
  {
    name: 'withdraw',
    example: 'withdraw PCD 1065 Superseded by PCD 1070',
    summary: 'withdraw a decision, with the reason',
    handler: withdrawCommand,
  },
  { name: 'roles', example: 'roles', summary: 'who holds which role', handler: rolesCommand },
  {
    name: 'role',
    example: 'role finance @Person',
    summary: 'give a role (admins; `role finance deputy @Person`, `role finance remove @Person`)',
    handler: roleCommand,
  },
  {
    name: 'expiring',
    example: 'expiring 6',
    summary: 'funding lines ending in the next months (default 6), with the reminder stage and what was decided',
    handler: expiringCommand,
  },
  {
    name: 'reminders',
    example: 'reminders',
    summary: 'the reminder outbox: due, sent, failed, undeliverable (admins; `reminders run` scans now)',
    handler: remindersCommand,
  },
  {
    name: 'watch',
    example: 'watch PCD 1065',
    summary: "get a decision's renewal reminders in personal chat",
    handler: watchCommand,
  },
  {
    name: 'unwatch',
    example: 'unwatch PCD 1065',
    summary: "stop getting a decision's renewal reminders",
    handler: unwatchCommand,
  },
  {
    name: 'import',
    example: 'import',
    summary:
      'with a .docx, .md or .txt file attached, or the text pasted after it: the decision as a draft (`import approved …`: a signed one as approved, admins)',
    handler: importCommand,
    maxLength: MAX_PASTED_DOCUMENT_LENGTH,
  },
  {
    name: 'export',
    example: 'export PCD 1065 pdf',
    summary: 'Part 1 as a download link: md (default), html or pdf',
    handler: exportCommand,
  },
  {
    name: 'register',
    example: 'register csv',
    summary: 'the register of decisions here, or with `csv` as a spreadsheet to download',
    handler: registerCommand,
  },
];

export const verbs: Readonly<Record<string, VerbHandler>> = {
  'declaration.tick': tickVerb,
  'declaration.untick': untickVerb,
  'signature.sign': signVerb,
  'decision.submit': submitVerb,
  'decision.reject': rejectVerb,
  'decision.withdraw': withdrawVerb,
  'decision.update': updateVerb,
  'decision.edit': editVerb,
  'decision.show': showVerb,
  'card.refresh': refreshVerb,
  'funding.renew': renewVerb,
  'funding.end': endVerb,
  'import.approve': importApproveVerb,
};

/** Dialogs (Teams task modules): the verb in a `task/fetch` button's data opens one. */
export const dialogOpens: Readonly<Record<string, DialogHandler>> = {
  'decision.edit': openEditDialog,
};

/** The verb in the data of a dialog's submit button (`task/submit`) saves it. */
export const dialogSubmits: Readonly<Record<string, DialogHandler>> = {
  'decision.update': saveEditDialog,
};
