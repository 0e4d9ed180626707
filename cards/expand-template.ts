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

/**
 * Parses a template now rather than on its first use, so the first card after start-up is not
 * the slow one (parsing the decision card takes tens of milliseconds).
 */
export function preparedTemplate(template: object): ACData.Template {
  let t = prepared.get(template);
  if (t === undefined) {
    t = new ACData.Template(template);
    prepared.set(template, t);
  }
  return t;
}

/**
 * The value without null properties or items, copying only what holds a null: a card without
 * any (the usual case) comes back as it is, walked but not rebuilt.
 */
function dropNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const kept = item === null ? null : dropNulls(item);
      if (out === null && (item === null || kept !== item)) out = value.slice(0, i);
      if (out !== null && kept !== null) out.push(kept);
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    const kept = v === null ? null : dropNulls(v);
    if (out === null && (v === null || kept !== v)) {
      out = {};
      for (const earlier of Object.keys(value)) {
        if (earlier === key) break;
        out[earlier] = (value as Record<string, unknown>)[earlier];
      }
    }
    if (out !== null && kept !== null) out[key] = kept;
  }
  return out ?? value;
}
