-- Backfills by name: what each replays (its topic, tenants and range as given, and the offsets
-- the range came to when it first started), so running the same command again resumes it; and
-- how it ended. A plain table in both layouts (on Citus it stays on the coordinator): a handful of
-- rows, read and written by the CLI only.
CREATE TABLE IF NOT EXISTS backfills (
    name          text PRIMARY KEY,
    group_id      text NOT NULL,
    topic         text NOT NULL,
    tenants       text[] NOT NULL DEFAULT '{}',
    from_bound    text,
    to_bound      text,
    start_offsets jsonb NOT NULL,
    end_offsets   jsonb NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    summary       jsonb
);
