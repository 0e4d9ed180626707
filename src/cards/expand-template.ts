/**
 * Expanding an Adaptive Card template (cards/*.json) with its view model through
 * adaptivecards-templating, the one place the templating engine is called.
 */
import * as ACData from 'adaptivecards-templating';

/** A card as sent to Teams: plain JSON. */
export type CardJson = Record<string, unknown>;

/**
 * Expands `template` with `viewModel` as `$root`. A property whose `$when` is false comes out as
 * null (e.g. `refresh` when nobody must act); such nulls are dropped, since no Adaptive Card
 * property we use accepts null.
 */
export function expandTemplate(template: object, viewModel: object): CardJson {
  const expanded: unknown = new ACData.Template(template).expand({ $root: viewModel });
  return dropNulls(expanded) as CardJson;
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null) out[key] = dropNulls(v);
  return out;
}
