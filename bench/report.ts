/** The shape of bench/results/*.json, the targets of issue 9, and the Markdown table of latest.md. */
import { CARD_BUDGET_BYTES } from '../cards/decision-card';
import type { CardLag, LoadResult } from './load';
import type { CardRenderResult, CardResult, NudgeScanResult, ScanResult } from './micro';
import type { RegisterTimes } from './register-queries';
import type { FanOutResult } from './fan-out';

export interface StoreRun {
  readonly store: 'lowdb' | 'postgres';
  readonly size: number;
  readonly prefillMs: number;
  /** Spawn to the first 200 from /healthz. */
  readonly startupMs: number;
  readonly rssAtStartMb: number;
  readonly peakRssMb: number;
  readonly tick: LoadResult;
  readonly show: LoadResult;
  /** tick req/s ÷ botbuilder echo req/s, same run. */
  readonly tickToEcho: number;
  /**
   * tick req/s ÷ the card bot's (bench/targets/card-bot.ts: a tick's Bot Framework I/O with a card
   * of the same size, nothing else), measured just before this store's run (in results before
   * 7 December: once, at the start of the run): how much of a tick is the product's own work.
   * Absent in results from before the card bot was measured.
   */
  readonly tickToCardBot?: number;
  /**
   * The echo bot's CPU time per request ÷ the bot's per tick, same run: what tickToEcho would be
   * if throughput were bound by the target's own CPU alone (it is steadier on a shared machine).
   */
  readonly echoCpuToTickCpu: number | null;
  /** The bot's CPU time per tick ÷ the card bot's per request, same run (target ≤ 2.0). Absent in older results. */
  readonly tickCpuToCardBot?: number | null;
  /** Ticks one at a time (one connection, no queueing), answered: ms. Absent in older results. */
  readonly clickLatency?: { readonly p50: number; readonly p99: number; readonly requests: number };
  /** Those clicks → their shared card's update arriving at the connector: ms. Absent in older results. */
  readonly cardLag?: CardLag | null;
  /** The register's pages and the outlook's data, server time in-process (bench/register-queries.ts). */
  readonly register?: RegisterTimes;
  /** The baselines of the same run, repeated here so each entry stands alone. */
  readonly baselines: {
    readonly http: BaselineFigures;
    readonly echo: BaselineFigures;
    /** The card bot measured just before this store's run (with its CPU per request); at the start in older results. */
    readonly card?: BaselineFigures & { readonly cpuMsPerRequest?: number };
  };
}

export interface BaselineFigures {
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
}

export interface BenchResults {
  readonly at: string;
  readonly machine: { cpus: number; cpuModel: string; node: string; platform: string };
  readonly settings: { seconds: number; connections: number; sizes: number[]; quick: boolean };
  readonly baselines: { http: LoadResult; echo: LoadResult; card?: LoadResult };
  readonly runs: StoreRun[];
  readonly reminderScan: ScanResult;
  readonly nudgeScan: NudgeScanResult;
  readonly largestCard: CardResult;
  /** Absent in results from before it was measured. */
  readonly cardRender?: CardRenderResult;
  /** Reminder fan-out (bench/fan-out.ts), per store. Absent in older results. */
  readonly fanOut?: readonly FanOutResult[];
  totalSeconds: number;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const n = (x: number) => x.toLocaleString('en-GB');
const cpu = (x: LoadResult) => (x.cpuMsPerRequest === undefined ? '' : x.cpuMsPerRequest.toFixed(2));

export function checkTargets(r: BenchResults): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const run of r.runs.filter((x) => x.size === 10_000)) {
    out.push({
      target: `${run.store} 10,000: tick ≥ 60% of echo`,
      measured: `${Math.round(run.tickToEcho * 100)}%`,
      met: run.tickToEcho >= 0.6,
    });
  }
  for (const run of r.runs.filter((x) => x.size === 10_000 || x.size === 100_000)) {
    const limit = run.size === 10_000 ? 50 : 100;
    const worst = Math.max(run.tick.p99, run.show.p99);
    out.push({
      target: `${run.store} ${n(run.size)}: p99 ≤ ${limit} ms (tick, show)`,
      measured: `${run.tick.p99} / ${run.show.p99} ms`,
      met: worst <= limit,
    });
  }
  const largest = Math.max(...r.runs.map((x) => x.size));
  for (const store of ['lowdb', 'postgres'] as const) {
    const small = r.runs.find((x) => x.store === store && x.size === 1_000);
    const big = r.runs.find((x) => x.store === store && x.size === largest);
    if (!small || !big || big === small) continue;
    const ratio = big.tick.meanMs / small.tick.meanMs;
    out.push({
      target: `${store}: write (tick) at ${n(largest)} within 2× of 1,000`,
      measured: `${big.tick.meanMs.toFixed(1)} vs ${small.tick.meanMs.toFixed(1)} ms (${ratio.toFixed(2)}×)`,
      met: ratio <= 2,
    });
  }
  for (const run of r.runs.filter((x) => x.store === 'lowdb' && x.size === 100_000)) {
    out.push(
      { target: 'lowdb 100,000: start-up ≤ 5 s', measured: `${n(run.startupMs)} ms`, met: run.startupMs <= 5_000 },
      {
        target: 'lowdb 100,000: RSS ≤ 300 MB after start, ≤ 500 MB at peak',
        measured: `${run.rssAtStartMb} / ${run.peakRssMb} MB`,
        met: run.rssAtStartMb <= 300 && run.peakRssMb <= 500,
      },
    );
  }
  for (const run of r.runs.filter((x) => x.tickCpuToCardBot != null && x.size >= 10_000)) {
    out.push({
      target: `${run.store} ${n(run.size)}: CPU per tick ≤ 2.0× the card bot's`,
      measured: `${run.tickCpuToCardBot!.toFixed(2)}×`,
      met: run.tickCpuToCardBot! <= 2,
    });
  }
  for (const run of r.runs.filter((x) => x.tickToCardBot != null && x.size >= 10_000)) {
    out.push({
      target: `${run.store} ${n(run.size)}: tick throughput ≥ 0.5× the card bot's`,
      measured: `${run.tickToCardBot!.toFixed(2)}×`,
      met: run.tickToCardBot! >= 0.5,
    });
  }
  for (const run of r.runs.filter((x) => x.size === 1_000)) {
    out.push({
      target: `${run.store} 1,000: start-up (spawn to /healthz 200) ≤ 1 s`,
      measured: `${n(run.startupMs)} ms`,
      met: run.startupMs <= 1000,
    });
  }
  for (const f of r.fanOut ?? []) {
    out.push({
      target: `${f.store}: fan-out of ${n(f.people)} reminders (personal chats and channels, 5% answered 429) within 1.2× the time Teams' limits allow, none lost or duplicated`,
      measured: `${f.seconds} s of ${f.allowedSeconds} s allowed (${f.ratio.toFixed(2)}×), ${f.lost} lost, ${f.duplicated} duplicated, ${f.overLimit} over the limits`,
      met: f.ok,
    });
  }
  for (const run of r.runs.filter((x) => x.clickLatency && x.size === largest)) {
    out.push({
      target: `${run.store} ${n(run.size)}: a click (one connection) p99 ≤ 20 ms`,
      measured: `${run.clickLatency!.p99} ms`,
      met: run.clickLatency!.p99 <= 20,
    });
  }
  for (const run of r.runs.filter((x) => x.cardLag)) {
    out.push({
      target: `${run.store} ${n(run.size)}: click → shared card at the connector p99 ≤ 150 ms`,
      measured: `${run.cardLag!.p99} ms (${run.cardLag!.samples} clicks, ${run.cardLag!.missing} never updated)`,
      met: run.cardLag!.p99 <= 150 && run.cardLag!.missing === 0,
    });
  }
  out.push({
    target: `reminder scan over ${n(r.reminderScan.fundingLines)} lines ≤ 250 ms`,
    measured: `${r.reminderScan.ms} ms`,
    met: r.reminderScan.ms <= 250,
  });
  out.push({
    target: `largest card ≤ ${CARD_BUDGET_BYTES / 1024} KB`,
    measured: `${(r.largestCard.largestBytes / 1024).toFixed(1)} KB`,
    met: r.largestCard.largestBytes <= CARD_BUDGET_BYTES,
  });
  return out;
}

/**
 * The two card renders of a tick against the card bot's whole request, both in CPU: the part of
 * the 2× budget the template engine alone takes; and what a view asked for again costs.
 */
function renderCostLine(render: CardRenderResult, cardBotCpuMs: number | null | undefined): string {
  const both = render.sharedMs + render.viewerMs;
  const repeat =
    render.repeatMs === undefined
      ? ''
      : ` A view asked for again unchanged (Teams' card.refresh from each pending holder after a change) is served from the recent cards: ${render.repeatMs.toFixed(3)} ms.`;
  const line = `Decision card render on its own (adaptivecards-templating, warmed up, no I/O; ${n(render.bytes)} bytes): shared card ${render.sharedMs.toFixed(2)} ms, a reviewer's view ${render.viewerMs.toFixed(2)} ms of CPU; a tick renders both, ${both.toFixed(2)} ms.${repeat}`;
  if (!cardBotCpuMs) return line;
  return `${line} The card bot's whole request takes ${cardBotCpuMs.toFixed(2)} ms of CPU: the two renders alone are ${(both / cardBotCpuMs).toFixed(2)}× it, of the 2.0× a whole tick may cost, before HTTP, botbuilder, teams-ai, the store write and the shared card's PUT (the allocations they make are collected later, and are not counted here).`;
}

export function renderMarkdown(r: BenchResults): string {
  const { http, echo, card } = r.baselines;
  const lines = [
    `# Benchmark results (${r.at})`,
    '',
    `${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.machine.platform}. autocannon with ${r.settings.connections} connections for up to ${r.settings.seconds} s per measurement, from its own process; the bot's replies go to a fake connector in a third process. Whole run: ${r.totalSeconds} s.`,
    '',
    "`declaration.tick`: an Action.Execute invoke on a different decision each time, by a holder of the item's role (the reply carries the card; the shared card is updated at the connector). `show`: a reviewer asking for a decision in personal chat (the card is sent to the connector). Start-up: process spawn to the first 200 from /healthz. RSS: after start-up / peak over the run. CPU ms / request: user + system time of the target process (all its threads) per request, warm-up included.",
    '',
    '| target | store | decisions | req/s | p50 ms | p99 ms | CPU ms / request | tick ÷ echo (req/s) | echo ÷ tick (CPU) | tick ÷ card bot (req/s) | start-up ms | RSS start / peak MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| bare node:http | – | – | ${n(http.reqPerSec)} | ${http.p50} | ${http.p99} | ${cpu(http)} | | | | | |`,
    `| botbuilder echo bot | – | – | ${n(echo.reqPerSec)} | ${echo.p50} | ${echo.p99} | ${cpu(echo)} | 1.00 | 1.00 | | | |`,
    ...(card
      ? [
          `| botbuilder card bot (a tick's I/O only) | – | – | ${n(card.reqPerSec)} | ${card.p50} | ${card.p99} | ${cpu(card)} | | | 1.00 | | |`,
        ]
      : []),
  ];
  for (const run of r.runs) {
    lines.push(
      `| declaration.tick | ${run.store} | ${n(run.size)} | ${n(run.tick.reqPerSec)} | ${run.tick.p50} | ${run.tick.p99} | ${cpu(run.tick)} | ${run.tickToEcho.toFixed(2)} | ${run.echoCpuToTickCpu?.toFixed(2) ?? ''} | ${run.tickToCardBot?.toFixed(2) ?? ''} | ${n(run.startupMs)} | ${run.rssAtStartMb} / ${run.peakRssMb} |`,
      `| show | ${run.store} | ${n(run.size)} | ${n(run.show.reqPerSec)} | ${run.show.p50} | ${run.show.p99} | ${cpu(run.show)} | | | | | |`,
    );
  }
  const felt = r.runs.filter((run) => run.clickLatency);
  if (felt.length > 0)
    lines.push(
      '',
      "What a person feels: ticks one at a time (one connection, each on its own decision), and each one's shared card update arriving at the fake connector. Tick CPU ÷ card bot CPU: the bot's CPU per tick over the card bot's per request, the card bot measured again just before each store's run (the machine is shared).",
      '',
      '| store | decisions | click p50 / p99 ms | card update lag p50 / p99 ms | tick CPU ÷ card bot CPU | tick ÷ card bot (req/s) | card bot just before: req/s, CPU ms |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...felt.map(
        (run) =>
          `| ${run.store} | ${n(run.size)} | ${run.clickLatency!.p50} / ${run.clickLatency!.p99} | ${run.cardLag ? `${run.cardLag.p50} / ${run.cardLag.p99}` : ''} | ${run.tickCpuToCardBot?.toFixed(2) ?? ''} | ${run.tickToCardBot?.toFixed(2) ?? ''} | ${run.baselines.card ? `${n(run.baselines.card.reqPerSec)}, ${run.baselines.card.cpuMsPerRequest?.toFixed(2) ?? ''}` : ''} |`,
      ),
    );
  const registers = r.runs.filter((run) => run.register);
  if (registers.length > 0)
    lines.push(
      '',
      'The register tab and the funding outlook\'s data, server time in the process that serves them (the store query and the page\'s rows; no HTTP), on the same register with no other load: the first page in reference order as an admin sees it; approved decisions whose reference or title holds "5", by total descending, as a reviewer who sees only published decisions does; and the summaries of every decision an admin may see, which the outlook aggregates.',
      '',
      '| store | decisions | first page p50 / p99 ms | filtered + sorted p50 / p99 ms (matches) | outlook data p50 / p99 ms (rows) |',
      '|---|---:|---:|---:|---:|',
      ...registers.map((run) => {
        const g = run.register!;
        return `| ${run.store} | ${n(run.size)} | ${g.firstPage.p50} / ${g.firstPage.p99} | ${g.filtered.p50} / ${g.filtered.p99} (${n(g.filteredMatches)}) | ${g.outlook.p50} / ${g.outlook.p99} (${n(g.outlookRows)}) |`;
      }),
    );
  const failures = r.runs.flatMap((run) =>
    (['tick', 'show'] as const)
      .map((k) => ({ k, x: run[k] }))
      .filter(({ x }) => x.non2xx + x.errors + x.unexpected > 0)
      .map(
        ({ k, x }) =>
          `- ${run.store} ${n(run.size)} ${k}: ${x.non2xx} non-2xx, ${x.errors} errors, ${x.unexpected} unexpected replies of ${n(x.requests)}`,
      ),
  );
  lines.push(
    '',
    `Requests measured: ${n(r.runs.reduce((s, run) => s + run.tick.requests + run.show.requests, 0))} to the bot; failures: ${failures.length === 0 ? 'none (no non-2xx, no errors, every tick answered with a card)' : ''}`,
  );
  lines.push(...failures);
  lines.push(
    '',
    `Reminder scan (domain dueReminders) over ${n(r.reminderScan.fundingLines)} funding lines of ${n(r.reminderScan.decisions)} decisions: median ${r.reminderScan.ms} ms (runs ${r.reminderScan.runsMs.join(', ')} ms), ${n(r.reminderScan.due)} reminders due.`,
    `Nudge scan (the scheduler's scanNudges) over ${n(r.nudgeScan.pending)} pending decisions, all overdue (${n(r.nudgeScan.nudges)} nudges offered): first scan ${r.nudgeScan.firstMs} ms, later scans median ${r.nudgeScan.laterMs} ms (runs ${r.nudgeScan.laterRunsMs.join(', ')} ms); records from before waitingSince: ${r.nudgeScan.legacyFirstMs} ms first (every audit trail read), ${r.nudgeScan.legacyLaterMs} ms after.`,
    `Largest expanded decision card: ${n(r.largestCard.largestBytes)} bytes (${r.largestCard.case}).`,
    ...(r.cardRender ? [renderCostLine(r.cardRender, card?.cpuMsPerRequest)] : []),
    ...(r.fanOut ?? []).map(
      (f) =>
        `Reminder fan-out (${f.store}): ${n(f.people)} people in personal chats plus their decisions' threads in ${f.channels} channels, ${n(f.due)} messages, every 20th send answered 429 (Retry-After 1 s; ${f.injected429} in all): ${f.seconds} s against ${f.allowedSeconds} s that Teams' limits allow (${f.ratio.toFixed(2)}×); ${f.lost} lost, ${f.duplicated} duplicated, ${f.overLimit} sends past the limits; at most ${f.maxAppPerSecond} a second for the app and ${f.maxPerConversationPerSecond} for one conversation.`,
    ),
    `Pre-fill: ${r.runs
      .filter((x) => x.store === 'lowdb')
      .map((x) => `${n(x.size)} in ${(x.prefillMs / 1000).toFixed(1)} s`)
      .join(', ')} (both stores in one pass).`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...checkTargets(r).map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
    '',
  );
  return lines.join('\n');
}
