-- Decision Tracker on PostgreSQL: the tables behind the Store port.
-- Every record is kept whole in a jsonb column; the other columns are what queries filter,
-- order or lock on. Applied inside one transaction by src/storage/migrate.ts.

CREATE TABLE decisions (
  ref_key    text PRIMARY KEY,            -- refKey(ref): "pcd1065" for "PCD 1065"
  ref        text NOT NULL,               -- as written: "PCD 1065"
  ref_prefix text,                        -- "pcd" for "PCD 1065"; null without a trailing number
  ref_number bigint,                      -- 1065
  version    integer NOT NULL,
  data       jsonb NOT NULL,              -- the Decision
  home       jsonb,                       -- DecisionHome or null
  watchers   jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_ref_number ON decisions (ref_prefix, ref_number);

-- The audit chain: append-only, one row per link. The event is kept as json (not jsonb) so its
-- text, key order included, is exactly what was hashed.
CREATE TABLE audit_events (
  ref_key text NOT NULL REFERENCES decisions (ref_key),
  seq     integer NOT NULL,
  event   json NOT NULL,
  PRIMARY KEY (ref_key, seq)
);

CREATE TABLE role_assignments (
  id          bigserial UNIQUE,           -- keeps the order assignments were made in
  role        text NOT NULL,
  holder_aad  text NOT NULL,
  data        jsonb NOT NULL,             -- RoleAssignment
  PRIMARY KEY (role, holder_aad)
);

CREATE TABLE conversations (
  key  text PRIMARY KEY,
  data jsonb NOT NULL                     -- ConversationRef
);

-- The outbox. A replica claims rows with FOR UPDATE SKIP LOCKED and a lease (claimed_until),
-- so two schedulers never take the same row and a killed replica's claim expires.
CREATE TABLE deliveries (
  key             text PRIMARY KEY,
  ref_key         text NOT NULL,
  state           text NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  claimed_by      text,
  claimed_until   timestamptz,
  data            jsonb NOT NULL          -- Delivery
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_ref ON deliveries (ref_key);

-- Invoke idempotency keys, shared by every replica.
CREATE TABLE idempotency (
  key     text PRIMARY KEY,
  outcome jsonb NOT NULL,
  at      timestamptz NOT NULL
);
CREATE INDEX idempotency_at ON idempotency (at);  -- keys older than a week are deleted

CREATE TABLE meta (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);
INSERT INTO meta (key, value) VALUES ('created_by', '"decision-tracker"');
