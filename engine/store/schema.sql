-- engine/store/schema.sql: medic's SQLite schema, version 1 (PRAGMA user_version = 1).
-- schema.cpp embeds this file at build time (see engine/store/CMakeLists.txt) as
-- migration 1; later versions append migrations in schema.cpp, never edit this.
-- Enums are stored as their stable lower-case strings (STYLE 3.2), times as Unix
-- milliseconds (INTEGER), structured payloads as JSON text.

-- Key/value settings shared by every process: kill_switch ('on'|'off'),
-- autonomy ('observe'|'dry_run'|'notify'|'auto'), ...
CREATE TABLE settings (
  key            TEXT PRIMARY KEY,
  value          TEXT NOT NULL,
  updated_at_ms  INTEGER NOT NULL,
  updated_by     TEXT NOT NULL DEFAULT ''
);

-- A violated invariant. At most one open incident per dedup_key ("store_down:4").
CREATE TABLE incidents (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  dedup_key      TEXT NOT NULL,
  kind           TEXT NOT NULL,             -- store_down, hot_region, ...
  subject        TEXT NOT NULL,             -- "store:4", "region:12", "pd"
  severity       TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
  status         TEXT NOT NULL CHECK (status IN ('open','closed')),
  summary        TEXT NOT NULL,
  evidence       TEXT NOT NULL,             -- JSON: the observations that opened it (latest)
  opened_at_ms   INTEGER NOT NULL,
  updated_at_ms  INTEGER NOT NULL,
  closed_at_ms   INTEGER,
  close_reason   TEXT,
  observations   INTEGER NOT NULL DEFAULT 1 -- ticks on which the condition was seen
);
CREATE UNIQUE INDEX incidents_one_open ON incidents(dedup_key) WHERE status = 'open';
CREATE INDEX incidents_by_status ON incidents(status, opened_at_ms);

-- An advisor's proposal for an incident (body = the full proposal JSON).
CREATE TABLE proposals (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id    INTEGER REFERENCES incidents(id),
  advisor        TEXT NOT NULL,             -- "rules", "llm:<model>"
  status         TEXT NOT NULL,             -- proposed, approved, rejected, expired, executed, failed, superseded
  diagnosis      TEXT NOT NULL,
  confidence     REAL,
  risk           TEXT,
  body           TEXT NOT NULL,
  created_at_ms  INTEGER NOT NULL,
  updated_at_ms  INTEGER NOT NULL
);
CREATE INDEX proposals_by_incident ON proposals(incident_id);

-- One typed action (planned, dry-run or executed). params_hash binds approvals.
CREATE TABLE actions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  proposal_id    INTEGER REFERENCES proposals(id),
  run_id         INTEGER REFERENCES runs(id),
  kind           TEXT NOT NULL,             -- "transfer_leader"
  params         TEXT NOT NULL,             -- JSON
  params_hash    TEXT NOT NULL,
  risk           TEXT NOT NULL,
  mode           TEXT NOT NULL,             -- dry_run, execute
  status         TEXT NOT NULL,
  result         TEXT,
  error          TEXT,
  created_at_ms  INTEGER NOT NULL,
  updated_at_ms  INTEGER NOT NULL
);
CREATE INDEX actions_by_status ON actions(status);

-- Every status change of an action, in order.
CREATE TABLE action_transitions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  action_id      INTEGER NOT NULL REFERENCES actions(id),
  from_status    TEXT,
  to_status      TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '{}',
  at_ms          INTEGER NOT NULL
);
CREATE INDEX action_transitions_by_action ON action_transitions(action_id, id);

-- Human approvals, bound to the exact action hash that was shown.
CREATE TABLE approvals (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  action_id      INTEGER REFERENCES actions(id),
  proposal_id    INTEGER REFERENCES proposals(id),
  action_hash    TEXT NOT NULL,
  decision       TEXT NOT NULL CHECK (decision IN ('pending','approved','rejected','expired')),
  requested_at_ms INTEGER NOT NULL,
  expires_at_ms  INTEGER,
  decided_at_ms  INTEGER,
  decided_by     TEXT,
  comment        TEXT
);
CREATE INDEX approvals_by_decision ON approvals(decision);

-- Append-only, hash-chained audit log: hash = H(prev_hash || canonical row).
CREATE TABLE audit (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms          INTEGER NOT NULL,
  actor          TEXT NOT NULL,             -- "engine", "user:alice", "advisor:rules", "runbook:drain.lua"
  event          TEXT NOT NULL,             -- "incident_opened", "action_executed", ...
  subject        TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '{}',
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

-- Workflow journal: one row per runbook run, its steps and its log lines.
CREATE TABLE runs (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow       TEXT NOT NULL,
  params         TEXT NOT NULL DEFAULT '{}',
  mode           TEXT NOT NULL DEFAULT 'dry_run',
  status         TEXT NOT NULL,             -- running, succeeded, failed, cancelled, interrupted
  incident_id    INTEGER REFERENCES incidents(id),
  proposal_id    INTEGER REFERENCES proposals(id),
  owner_pid      INTEGER,
  heartbeat_at_ms INTEGER,
  started_at_ms  INTEGER NOT NULL,
  finished_at_ms INTEGER,
  error          TEXT
);
CREATE INDEX runs_by_status ON runs(status);

CREATE TABLE run_steps (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id         INTEGER NOT NULL REFERENCES runs(id),
  seq            INTEGER NOT NULL,
  name           TEXT NOT NULL,
  status         TEXT NOT NULL,             -- running, done, failed, skipped
  action_id      INTEGER REFERENCES actions(id),
  detail         TEXT NOT NULL DEFAULT '{}',
  started_at_ms  INTEGER NOT NULL,
  finished_at_ms INTEGER,
  UNIQUE (run_id, seq)
);

CREATE TABLE run_log (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id         INTEGER NOT NULL REFERENCES runs(id),
  at_ms          INTEGER NOT NULL,
  level          TEXT NOT NULL,             -- debug, info, warn, error
  message        TEXT NOT NULL
);
CREATE INDEX run_log_by_run ON run_log(run_id, id);

-- Versions of schema parts owned by other store classes (migrate_component).
CREATE TABLE schema_components (
  component      TEXT PRIMARY KEY,
  version        INTEGER NOT NULL
);
