-- The store's own tables: the journal (every committed record: the audit
-- trail and each feature's history) and the track history of tracked layers.
-- Layer tables are made by Prepare from the layer definitions.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE IF NOT EXISTS lookout_journal (
  seq        bigint PRIMARY KEY,
  at         timestamptz NOT NULL,
  at_ns      smallint NOT NULL DEFAULT 0,
  layer      text NOT NULL,
  feature_id text NOT NULL,
  op         text NOT NULL,
  event      text NOT NULL DEFAULT '',
  stale      boolean NOT NULL DEFAULT false,
  "time"     timestamptz,
  time_ns    smallint NOT NULL DEFAULT 0,
  actor      text NOT NULL DEFAULT '',
  geom       geometry(Geometry, 4326),
  props      jsonb
);
CREATE INDEX IF NOT EXISTS lookout_journal_feature ON lookout_journal (layer, feature_id, seq);
COMMENT ON TABLE lookout_journal IS 'Lookout change journal: every committed change in sequence order, with who made it (actor); props is the change''s properties as JSON. at is the server time, "time" the source''s; the *_ns columns hold the nanoseconds past the microsecond.';

CREATE TABLE IF NOT EXISTS lookout_track (
  layer      text NOT NULL,
  feature_id text NOT NULL,
  at         timestamptz NOT NULL,
  at_ns      smallint NOT NULL DEFAULT 0,
  seq        bigint NOT NULL,
  geom       geometry(Point, 4326) NOT NULL
);
CREATE INDEX IF NOT EXISTS lookout_track_geom ON lookout_track USING gist (geom);
CREATE INDEX IF NOT EXISTS lookout_track_feature ON lookout_track (layer, feature_id, at);
CREATE INDEX IF NOT EXISTS lookout_track_at ON lookout_track USING brin (at);
COMMENT ON TABLE lookout_track IS 'Lookout track history: every reported position of the features of tracked layers (vehicles, responders, supervised people); at is when the position was fixed, seq the change that carried it.';
