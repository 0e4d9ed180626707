import { checkSchemaName, quoteIdent, schemaFromUrl } from '../../../src/storage/postgres/schema-name';

describe('schema names', () => {
  it('accepts plain lower-case identifiers and quotes them', () => {
    expect(checkSchemaName('decision_tracker')).toBe('decision_tracker');
    expect(quoteIdent('dt_test_ab12')).toBe('"dt_test_ab12"');
  });

  it('refuses anything that could break out of SQL text', () => {
    for (const bad of ['', 'Public', '1abc', 'a-b', 'a"; DROP TABLE x; --', 'a b', 'x'.repeat(64)]) {
      expect(() => checkSchemaName(bad)).toThrow(/is not allowed/);
    }
  });

  it('reads the schema from a connection string the way libpq takes it', () => {
    expect(schemaFromUrl('postgres://bot@db:5432/decisions?options=-c%20search_path%3Ddecision_tracker')).toBe('decision_tracker');
    expect(schemaFromUrl('postgres://bot@db/decisions?sslmode=require&options=-c%20statement_timeout%3D5000%20-c%20search_path%3Dtracker')).toBe('tracker');
    expect(schemaFromUrl('postgres://bot@db/decisions')).toBeNull();
    expect(schemaFromUrl('not a url')).toBeNull();
    expect(() => schemaFromUrl('postgres://bot@db/d?options=-c%20search_path%3DBad-Name')).toThrow(/is not allowed/);
  });
});
