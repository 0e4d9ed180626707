-- Decision summaries (domain/decision-summary.ts) and the columns the register's query filters and
-- sorts on (storage/postgres/summary-queries.ts), so lists and the register read a short row per
-- decision instead of its whole record. All are generated from the jsonb decision by PostgreSQL
-- on every write, and for existing rows when this migration adds them: nothing to keep in step
-- by hand. The contract suite checks that summary equals summarize(decision) on both stores.

-- The decision without its long texts and with derived counts: summarize() in SQL. Tick and
-- signature keys are in byte order, as summarize() sorts them.
CREATE FUNCTION decision_summary(d jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (d - 'summary' - 'recommendations' - 'backgroundPapers' - 'ticks' - 'signatures' - 'documentCites')
    || jsonb_build_object(
      'total', (SELECT COALESCE(sum((a->>'amount')::bigint), 0)
                  FROM jsonb_array_elements(COALESCE(d->'funding', '[]'::jsonb)) AS l
                 CROSS JOIN LATERAL jsonb_array_elements(COALESCE(l->'allocations', '[]'::jsonb)) AS a),
      'ticked', COALESCE((SELECT jsonb_agg(k ORDER BY k COLLATE "C")
                            FROM jsonb_object_keys(COALESCE(d->'ticks', '{}'::jsonb)) AS k), '[]'::jsonb),
      'signed', COALESCE((SELECT jsonb_agg(k ORDER BY k COLLATE "C")
                            FROM jsonb_object_keys(COALESCE(d->'signatures', '{}'::jsonb)) AS k), '[]'::jsonb),
      'recommendationCount', jsonb_array_length(COALESCE(d->'recommendations', '[]'::jsonb)))
$$;

-- Every allocation of every line, in pence (decisionTotal).
CREATE FUNCTION decision_total(d jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(sum((a->>'amount')::bigint), 0)::bigint
    FROM jsonb_array_elements(COALESCE(d->'funding', '[]'::jsonb)) AS l
   CROSS JOIN LATERAL jsonb_array_elements(COALESCE(l->'allocations', '[]'::jsonb)) AS a
$$;

-- The financial years (start years) with money (an allocation above 0) on any line.
CREATE FUNCTION decision_funded_years(d jsonb) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_agg(DISTINCT (a->>'year')::integer), '{}'::integer[])
    FROM jsonb_array_elements(COALESCE(d->'funding', '[]'::jsonb)) AS l
   CROSS JOIN LATERAL jsonb_array_elements(COALESCE(l->'allocations', '[]'::jsonb)) AS a
   WHERE (a->>'amount')::numeric > 0
$$;

-- The latest of them (latestFundedYear in storage/decision-filter.ts), or null without money.
CREATE FUNCTION decision_latest_funded_year(d jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT max((a->>'year')::integer)
    FROM jsonb_array_elements(COALESCE(d->'funding', '[]'::jsonb)) AS l
   CROSS JOIN LATERAL jsonb_array_elements(COALESCE(l->'allocations', '[]'::jsonb)) AS a
   WHERE (a->>'amount')::numeric > 0
$$;

ALTER TABLE decisions
  ADD COLUMN summary jsonb GENERATED ALWAYS AS (decision_summary(data)) STORED,
  ADD COLUMN title_key text GENERATED ALWAYS AS (lower(data->>'title')) STORED,
  ADD COLUMN total bigint GENERATED ALWAYS AS (decision_total(data)) STORED,
  ADD COLUMN maker_role text GENERATED ALWAYS AS (data->>'decisionMakerRole') STORED,
  ADD COLUMN updated text GENERATED ALWAYS AS (data->>'updatedAt') STORED,
  ADD COLUMN approved_at text GENERATED ALWAYS AS (data->>'approvedAt') STORED,
  ADD COLUMN deferred_until text GENERATED ALWAYS AS (data->'part1Deferral'->>'until') STORED,
  ADD COLUMN created_by text GENERATED ALWAYS AS (data->'createdBy'->>'aadObjectId') STORED,
  ADD COLUMN funded_years integer[] GENERATED ALWAYS AS (decision_funded_years(data)) STORED,
  -- The latest year with money on any line: the reminder scan skips decisions whose every line has ended.
  ADD COLUMN latest_funded_year integer GENERATED ALWAYS AS (decision_latest_funded_year(data)) STORED;

-- The register's default order (reference) read from an index, so its first page needs no sort.
CREATE INDEX decisions_ref_order ON decisions (ref_prefix COLLATE "C", ref_number, ref_key COLLATE "C");
CREATE INDEX decisions_created_by ON decisions (lower(created_by));
