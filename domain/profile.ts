/**
 * The governance profile: everything that differs between public bodies (roles, declaration
 * items, signature statements, scheme of delegation, financial-year start, reminder stages).
 * Validated with zod when loaded; MOPAC's (profiles/mopac.json) is the default.
 */
import { z } from 'zod';

/** The parts of a decision whose change is a change of substance. */
export const substanceFields = ['title', 'summary', 'recommendations', 'funding'] as const;
export type SubstanceField = (typeof substanceFields)[number];

/**
 * The parts of a decision that decide what gets published without being substance: when Part 1
 * is published (its deferral) and whether a Part 2 is held back. Signatures vouch for them too.
 */
export const publicationFields = ['part1Deferral', 'hasPart2'] as const;
export type PublicationField = (typeof publicationFields)[number];

const key = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case key such as "finance" or "public-health"');

export const governanceProfileSchema = z
  .object({
    id: key,
    name: z.string().min(1),
    body: z.string().min(1),
    reference: z.object({
      /** "PCD" gives references "PCD 1066". */
      prefix: z.string().regex(/^[A-Za-z]{1,10}$/),
      /** The number the first decision created here gets when the register is empty. */
      firstNumber: z.number().int().positive(),
    }),
    roles: z.array(z.object({ key, name: z.string().min(1) })).min(1),
    /**
     * Roles whose holders may change any decision (details, funding), besides its drafter and
     * admins. Empty: only the drafter and admins.
     */
    draftingRoles: z.array(key).default([]),
    /** Roles whose holders may submit any decision, besides its drafter and admins; draftingRoles when absent. */
    submitRoles: z.array(key).optional(),
    /** Roles whose holders may withdraw any decision, besides its drafter and admins; draftingRoles when absent. */
    withdrawRoles: z.array(key).optional(),
    /**
     * Governance roles whose holders see every decision in the register, lists and exports
     * (drafts, decisions in sign-off, deferred Part 1s), as admins and drafting roles do.
     * Everyone else sees what is published, and the decisions they drafted.
     */
    registerRoles: z.array(key).default([]),
    declarations: z
      .array(
        z.object({
          key,
          title: z.string().min(1),
          statement: z.string().min(1),
          role: key,
          /** Which parts of the decision this item vouches for: changing one of them resets the tick. */
          affectedBy: z
            .array(z.enum(substanceFields))
            .min(1)
            .default([...substanceFields]),
        }),
      )
      .min(1),
    signatures: z
      .array(
        z.object({
          key: z.enum(['chief-executive', 'decision-maker']),
          /** The signer's role; for "decision-maker" it is null: the scheme of delegation names it. */
          role: key.nullable(),
          title: z.string().min(1),
          statement: z.string().min(1),
          /** Statement confirmed before signing, e.g. the DMPC's declaration of interest. */
          interestStatement: z.string().min(1).nullable(),
        }),
      )
      .min(1),
    delegation: z
      .array(
        z.object({
          role: key,
          /** Lower bound in pence; with inclusive=false the total must exceed it. */
          minimum: z.number().int().nonnegative(),
          inclusive: z.boolean(),
        }),
      )
      .min(1),
    financialYearStart: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(28) }),
    timeZone: z.string().min(1),
    reminders: z.object({
      /** Months before the end of a line's last funded year, largest first: [6, 3, 1]. */
      stagesMonths: z.array(z.number().int().positive().max(24)).min(1),
      /** Local hour (0-23) in timeZone at which due reminders go out. */
      hour: z.number().int().min(0).max(23),
      /** Roles told about expiring funding; the escalation role joins from the second stage. */
      managerRoles: z.array(key).min(1),
      escalationRole: key,
      /** A sign-off waiting this many working days gets a nudge, then one every nudgeRepeatDays. */
      nudgeAfterWorkingDays: z.number().int().positive(),
      nudgeRepeatDays: z.number().int().positive(),
    }),
  })
  .superRefine((p, ctx) => {
    const roles = new Set(p.roles.map((r) => r.key));
    const check = (role: string | null, path: (string | number)[]) => {
      if (role !== null && !roles.has(role))
        ctx.addIssue({ code: 'custom', path, message: `role "${role}" is not among the profile's roles` });
    };
    p.declarations.forEach((d, i) => check(d.role, ['declarations', i, 'role']));
    p.signatures.forEach((s, i) => check(s.role, ['signatures', i, 'role']));
    p.delegation.forEach((b, i) => check(b.role, ['delegation', i, 'role']));
    p.reminders.managerRoles.forEach((r, i) => check(r, ['reminders', 'managerRoles', i]));
    for (const field of ['draftingRoles', 'submitRoles', 'withdrawRoles', 'registerRoles'] as const)
      (p[field] ?? []).forEach((r, i) => check(r, [field, i]));
    check(p.reminders.escalationRole, ['reminders', 'escalationRole']);
    if (!p.delegation.some((b) => b.minimum === 0 && b.inclusive))
      ctx.addIssue({
        code: 'custom',
        path: ['delegation'],
        message: 'needs a band from £0 (minimum 0, inclusive) so every total has a decision maker',
      });
    if (!p.signatures.some((s) => s.key === 'decision-maker'))
      ctx.addIssue({ code: 'custom', path: ['signatures'], message: 'needs a "decision-maker" signature' });
  });

export type GovernanceProfile = z.infer<typeof governanceProfileSchema>;
export type DeclarationItem = GovernanceProfile['declarations'][number];
export type SignatureSpec = GovernanceProfile['signatures'][number];

export const roleName = (profile: GovernanceProfile, role: string): string =>
  profile.roles.find((r) => r.key === role)?.name ?? role;
