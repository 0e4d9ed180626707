import { withSearchPath } from '../../../storage/postgres/pool';
import { checkSchemaName, quoteIdent, schemaFromUrl } from '../../../storage/postgres/schema-name';

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
    expect(schemaFromUrl('postgres://bot@db:5432/decisions?options=-c%20search_path%3Ddecision_tracker')).toBe(
      'decision_tracker',
    );
    expect(
      schemaFromUrl(
        'postgres://bot@db/decisions?sslmode=require&options=-c%20statement_timeout%3D5000%20-c%20search_path%3Dtracker',
      ),
    ).toBe('tracker');
    expect(schemaFromUrl('postgres://bot@db/decisions')).toBeNull();
    expect(schemaFromUrl('not a url')).toBeNull();
    expect(() => schemaFromUrl('postgres://bot@db/d?options=-c%20search_path%3DBad-Name')).toThrow(/is not allowed/);
  });
});

describe('withSearchPath', () => {
  it('adds the schema to the libpq options, keeping other options and replacing an earlier search_path', () => {
    const options = (url: string) => new URL(url).searchParams.get('options');
    expect(options(withSearchPath('postgres://bot@db:5432/decisions', 'tracker'))).toBe('-c search_path=tracker');
    expect(
      options(withSearchPath('postgres://bot@db/d?sslmode=require&options=-c%20statement_timeout%3D5000', 'tracker')),
    ).toBe('-c statement_timeout=5000 -c search_path=tracker');
    expect(options(withSearchPath('postgres://bot@db/d?options=-c%20search_path%3Dold', 'tracker'))).toBe(
      '-c search_path=tracker',
    );
    expect(new URL(withSearchPath('postgres://bot:s3cret@db/d?sslmode=require', 'x')).searchParams.get('sslmode')).toBe(
      'require',
    );
  });

  it('refuses a connection string that is not a URL, without showing the password', () => {
    expect(() => withSearchPath('host=db password=s3cret', 'x')).toThrow(/must be a URL/);
    let message = '';
    try {
      withSearchPath('postgres://bot:s3cret@db:99999999/d', 'x');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('postgres://bot:***@db:99999999/d');
    expect(message).not.toContain('s3cret');
  });
});
