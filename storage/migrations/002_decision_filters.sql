-- Columns listDecisions filters on (the reminder and nudge scans), so the scheduler reads only
-- the decisions it may act on instead of the whole register every minute. The adapter sets both
-- on every write (src/storage/postgres/decision-queries.ts, from src/storage/decision-filter.ts);
-- existing rows are backfilled here from the jsonb.

ALTER TABLE decisions ADD COLUMN status text;
-- The earliest of the decision's lines' last funded years: per funding line the latest allocation
-- year with money on it (amount > 0), then the smallest over the lines; null without money.
ALTER TABLE decisions ADD COLUMN last_funded_year integer;

UPDATE decisions d SET
  status = d.data->>'status',
  last_funded_year = (
    SELECT min(line_end) FROM (
      SELECT max((a.allocation->>'year')::integer) AS line_end
        FROM jsonb_array_elements(COALESCE(d.data->'funding', '[]'::jsonb)) WITH ORDINALITY AS f(line, n)
        CROSS JOIN LATERAL jsonb_array_elements(COALESCE(f.line->'allocations', '[]'::jsonb)) AS a(allocation)
       WHERE (a.allocation->>'amount')::numeric > 0
       GROUP BY f.n
    ) AS lines
  );

CREATE INDEX decisions_filters ON decisions (status, last_funded_year);
