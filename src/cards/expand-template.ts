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
  const expanded: unknown = preparedTemplate(template).expand({ $root: viewModel });
  return dropNulls(expanded) as CardJson;
}

/**
 * Parsing a template's expressions is most of the cost of a card (measured: ~20 ms of a 25 ms
 * render), so each template object is parsed once; a Template expands synchronously and may be
 * bound to any number of view models.
 */
const prepared = new WeakMap<object, ACData.Template>();

function preparedTemplate(template: object): ACData.Template {
  let t = prepared.get(template);
  if (t === undefined) {
    t = new ACData.Template(template);
    prepared.set(template, t);
  }
  return t;
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null) out[key] = dropNulls(v);
  return out;
}
