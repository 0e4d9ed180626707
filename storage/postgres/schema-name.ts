/** PostgreSQL schema names: checked once, then safe to put in SQL text and in search_path. */

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!schemaPattern.test(schema)) {
    throw new Error(
      `The PostgreSQL schema name "${schema}" is not allowed: use lower-case letters, digits and _ (at most 63), starting with a letter or _.`,
    );
  }
  return schema;
}

export function quoteIdent(name: string): string {
  return `"${checkSchemaName(name)}"`;
}

/**
 * The schema a connection string asks for the libpq way, `?options=-c search_path=<schema>`
 * (e.g. postgres://bot@db/decisions?options=-c%20search_path%3Ddecision_tracker), or null.
 */
export function schemaFromUrl(connectionString: string): string | null {
  let options: string | null;
  try {
    options = new URL(connectionString).searchParams.get('options');
  } catch {
    return null;
  }
  const match = options === null ? null : /(?:^|\s)-c\s*search_path=("?)([^\s,"]+)\1/.exec(options);
  return match ? checkSchemaName(match[2] as string) : null;
}
