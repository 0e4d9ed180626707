/**
 * Bringing decisions in and taking them out: `import` (a file or pasted text → a draft, or an
 * approved historic record), the "Import as approved" button, `export <ref> [md|html|pdf]`
 * (Part 1 as a signed, expiring download link) and `register [csv]`.
 */
import { bandsHighestFirst } from '../../domain/delegation';
import { scopeOn } from '../../storage/summary-query';
import { DateTime } from 'luxon';
import { DomainError, ErrorCode } from '../../domain/errors';
import { isRef, normalizeRef } from '../../domain/decision';
import type { Decision } from '../../domain/types';
import { importResultCard, type TotalCheckView } from '../../cards/import-result-card';
import { listCard } from '../../cards/list-card';
import { recordImportedAsApproved, signaturesOf } from '../../documents/import/approve-imported';
import { readDocumentFile, readPastedText } from '../../documents/import/read-document';
import { IMPORTED_EVENT, saveImportedDocument } from '../../documents/import/save-imported';
import { EXPORT_FORMATS, fileStem, type DownloadTarget, type ExportFormat } from '../../documents/download-token';
import type { Turn } from '../bot-context';
import { cardActivity } from '../card-publisher';
import { applyChange, loadDecision } from '../decision-changes';
import { reply } from '../replies';
import type { CommandHandler, VerbHandler } from '../handler-types';
import { downloadFile, fileAttachmentOf, noDocument, pastedDocument, splitApproved } from './import-source';
import { publishedOnlyNote, viewerScope, whoSeesUnpublished } from '../../domain/authority';
import { todayIn } from '../../domain/clock';
import { visibleTo } from '../../documents/export/publication';

const actorOf = (turn: Turn) => ({ aadObjectId: turn.actor.aadObjectId, name: turn.actor.name });

const ADMINS_ONLY =
  'Only admins can record an imported decision as approved, because it skips sign-off in Teams. Import it as a draft (`import` without `approved`), or ask an admin.';

/** The document of this `import`: the attached file if there is one, else the pasted text. */
async function documentOf(turn: Turn, args: string): Promise<{ text: string; source: string; asApproved: boolean }> {
  const { asApproved, rest } = splitApproved(args);
  const prefixes = [turn.deps.profile.reference.prefix];
  const activity = turn.context.activity;
  const file = fileAttachmentOf(activity.attachments);
  if (file !== null) {
    // Without an app id (local development) a file server on 127.0.0.1 may stand in for SharePoint.
    const downloaded = await downloadFile(file, {
      hosts: turn.deps.importFileHosts,
      allowLoopback: turn.deps.botAppId === '',
    });
    if ('error' in downloaded) {
      if (downloaded.detail)
        turn.deps.logger.warn('import download refused or failed', { file: file.name, reason: downloaded.detail });
      throw new DomainError(ErrorCode.InvalidInput, `${downloaded.error} Nothing was imported.`);
    }
    const read = await readDocumentFile(file.name, downloaded.bytes, prefixes);
    if ('error' in read) throw new DomainError(ErrorCode.InvalidInput, `${read.error} Nothing was imported.`);
    return { text: read.text, source: `"${file.name}"`, asApproved };
  }
  if (rest.trim() === '') throw noDocument();
  const read = readPastedText(pastedDocument(activity.text ?? '', activity.recipient?.name ?? '', args), prefixes);
  if ('error' in read) throw new DomainError(ErrorCode.InvalidInput, `${read.error} Nothing was imported.`);
  return { text: read.text, source: 'pasted text', asApproved };
}

export const importCommand: CommandHandler = async (turn, args) => {
  const document = await documentOf(turn, args);
  if (document.asApproved && !turn.actor.isAdmin) throw new DomainError(ErrorCode.NotAdmin, ADMINS_ONLY);
  const outcome = await saveImportedDocument(turn.deps.store, turn.deps.profile, {
    ...document,
    actor: actorOf(turn),
    now: turn.now,
    conversationId: turn.conversation.conversationId,
  });
  await turn.publisher.postHome(turn.context, outcome.stored, turn.conversation);
  const card = importResultCard({
    decision: outcome.stored.decision,
    profile: turn.deps.profile,
    source: document.source,
    flags: outcome.flags,
    totals: outcome.parsed.totalsCheck,
    documentSigned: outcome.parsed.approved,
  });
  await turn.context.sendActivity(cardActivity(card));
};

/** The import event's record of the document, for drawing the result card again. */
async function importRecord(turn: Turn, decision: Decision) {
  const events = await turn.deps.store.getAudit(decision.ref);
  const imported = events.find((e) => e.type === IMPORTED_EVENT);
  if (!imported) throw new DomainError(ErrorCode.InvalidInput, `${decision.ref} was not imported from a document.`);
  const d = imported.details;
  return {
    signatures: signaturesOf(d),
    source: typeof d.source === 'string' ? d.source : 'a document',
    flags: Array.isArray(d.flags) ? d.flags.filter((f): f is string => typeof f === 'string') : [],
    totals: Array.isArray(d.totals) ? (d.totals as TotalCheckView[]) : [],
    documentSigned: d.documentSigned === true,
  };
}

/** The result card's "Import as approved": admins only, on an imported draft nobody has changed. */
export const importApproveVerb: VerbHandler = async (turn, data) => {
  if (!turn.actor.isAdmin) throw new DomainError(ErrorCode.NotAdmin, ADMINS_ONLY);
  const ref = typeof data.ref === 'string' ? data.ref : '';
  const version = Number(data.version);
  const record = await importRecord(turn, (await loadDecision(turn, ref)).decision);
  const { stored, change } = await applyChange(
    turn,
    ref,
    (d) => recordImportedAsApproved(d, record.signatures, turn.deps.profile, turn.now),
    Number.isSafeInteger(version) ? version : undefined,
  );
  turn.publisher.refresh(stored.decision.ref, stored);
  const flags = [...record.flags, ...change.notices.slice(1)];
  return {
    card: importResultCard({
      decision: stored.decision,
      profile: turn.deps.profile,
      source: record.source,
      flags,
      totals: record.totals,
      documentSigned: record.documentSigned,
    }),
  };
};

const FORMAT_NAMES: Readonly<Record<ExportFormat | 'csv', string>> = {
  md: 'Markdown',
  html: 'HTML',
  pdf: 'PDF',
  csv: 'CSV (opens in Excel)',
};

function linkReply(
  turn: Turn,
  target: DownloadTarget,
  fileName: string,
  what: string,
  extra: readonly string[],
): Promise<void> {
  const { url, expiresAt } = turn.deps.downloads.link(target, turn.deps.clock.now());
  const until = DateTime.fromJSDate(expiresAt).setZone(turn.deps.profile.timeZone).toFormat('HH:mm');
  const lines = [
    `${what} as ${FORMAT_NAMES[target.format]}: [Download ${fileName}](${url})`,
    `The link works for 15 minutes (until ${until}).`,
    ...extra,
  ];
  if (!turn.deps.downloads.hasPublicUrl)
    lines.push(
      `PUBLIC_URL is not set, so this link points at ${new URL(url).origin} and works only on the bot's own machine; ask your admin to set PUBLIC_URL to the address the bot is reached at.`,
    );
  return reply(turn, lines.join('\n\n'));
}

const WHICH_DECISION = 'Which decision? e.g. `export PCD 1065 pdf` (md, html or pdf; md when not given).';

/** "pdf", ".PDF", "markdown" as an export format; null when the word is not one. */
function formatOf(word: string): ExportFormat | null {
  const w = word.toLowerCase().replace(/^\./, '');
  const format = w === 'markdown' ? 'md' : w;
  return EXPORT_FORMATS.includes(format as ExportFormat) ? (format as ExportFormat) : null;
}

/**
 * `export PCD 1065 pdf`: the format is the last word when it is one; Markdown by default. A format
 * alone names no decision. (Not the first word: GLA's `MD 2008` starts with one.)
 */
export function parseExportArgs(args: string): { ref: string; format: ExportFormat } {
  const words = args
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0 || (words.length === 1 && formatOf(words[0] ?? '') !== null))
    throw new DomainError(ErrorCode.InvalidInput, WHICH_DECISION);
  const lastFormat = formatOf(words[words.length - 1] ?? '');
  if (words.length > 1 && lastFormat) return { ref: words.slice(0, -1).join(' '), format: lastFormat };
  const last = (words[words.length - 1] ?? '').toLowerCase().replace(/^\./, '');
  if (
    /^[a-z]+$/.test(last) &&
    (words.length > 2 || (words.length === 2 && (isRef(words[0] ?? '') || /^\d+$/.test(words[0] ?? ''))))
  ) {
    // `export PCD 1065 pdf please`: the example keeps the format already typed, once.
    const rest = words.slice(0, -1);
    const typed = formatOf(rest[rest.length - 1] ?? '');
    const example = `${(typed ? rest.slice(0, -1) : rest).join(' ')} ${typed ?? 'pdf'}`;
    throw new DomainError(
      ErrorCode.InvalidInput,
      `I export as md, html or pdf, not "${last}", e.g. \`export ${example}\`.`,
    );
  }
  return { ref: words.join(' '), format: 'md' };
}

export const exportCommand: CommandHandler = async (turn, args) => {
  const { ref, format } = parseExportArgs(args);
  const { decision } = await loadDecision(turn, normalizeRef(ref));
  const { profile } = turn.deps;
  const scope = viewerScope(profile, turn.actor);
  // An export is Part 1 as a file that can leave Teams: until it is published, only those who see
  // unpublished decisions get one.
  if (visibleTo(scope, [decision], todayIn(turn.deps.clock, profile.timeZone), profile.timeZone).length === 0)
    throw new DomainError(
      ErrorCode.NotAllowed,
      `${decision.ref} is not published, so only ${whoSeesUnpublished(decision, profile)} can export it. Type \`show ${decision.ref}\` to see its card.`,
    );
  const extra = ['Part 1 only: nothing of a Part 2 is ever exported.'];
  if (decision.status !== 'approved')
    extra.push(`${decision.ref} is not approved: this is Part 1 as it stands now, unsigned.`);
  await linkReply(
    turn,
    { kind: 'decision', ref: decision.ref, format, version: decision.version, scope },
    `${fileStem(decision.ref)}-part-1.${format}`,
    `**${decision.ref}**, Part 1`,
    extra,
  );
};

export const registerCommand: CommandHandler = async (turn, args) => {
  const format = args.trim().toLowerCase();
  if (format !== '' && format !== 'csv')
    throw new DomainError(
      ErrorCode.InvalidInput,
      `\`register\` shows the register here; \`register csv\` gives it as a spreadsheet. I don't know "${args.trim()}".`,
    );
  const { profile } = turn.deps;
  const scope = viewerScope(profile, turn.actor);
  const today = todayIn(turn.deps.clock, profile.timeZone);
  // Summaries, in reference order, of what this person may see: no whole decision is read.
  const bands = bandsHighestFirst(profile);
  const { rows: decisions } = await turn.deps.store.querySummaries({
    scope: scopeOn(scope, today, profile.timeZone),
    bands,
  });
  const scoped = scope.kind === 'all' ? [] : [publishedOnlyNote(profile)];
  if (format === 'csv') {
    const what = `**The register** (${decisions.length} ${decisions.length === 1 ? 'decision' : 'decisions'})`;
    await linkReply(
      turn,
      { kind: 'register', format: 'csv', scope },
      `register-of-decisions-${today}.csv`,
      what,
      scoped,
    );
    return;
  }
  if (decisions.length === 0)
    return reply(
      turn,
      (await turn.deps.store.querySummaries({ scope: { kind: 'all' }, bands, limit: 1 })).total === 0
        ? 'The register is empty. Start one with `new <title>`, or bring one in with `import`.'
        : `No decisions are published yet. ${publishedOnlyNote(profile)}`,
    );
  await turn.context.sendActivity(cardActivity(listCard({ title: 'Register of decisions', decisions, profile })));
};
