/** PostgreSQL schema names: checked once, then safe to put in SQL text and in search_path. */

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!schemaPattern.test(schema)) {
    throw new Error(`The PostgreSQL schema name "${schema}" is not allowed: use lower-case letters, digits and _ (at most 63), starting with a letter or _.`);
  }
  return schema;
}

export function quoteIdent(name: string): string {
  return `"${checkSchemaName(name)}"`;
}
