-- API tokens and the audit trail (access.go). Times are timestamptz with
-- the store's *_ns companions (the nanoseconds past the microsecond), so
-- that they round-trip exactly.
CREATE TABLE IF NOT EXISTS lookout_tokens (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  role       text NOT NULL,
  district   text NOT NULL DEFAULT '',
  hash       text NOT NULL UNIQUE,
  created    timestamptz NOT NULL,
  created_ns smallint NOT NULL DEFAULT 0,
  revoked    timestamptz,
  revoked_ns smallint NOT NULL DEFAULT 0
);
COMMENT ON TABLE lookout_tokens IS 'Lookout API tokens: name, role and district scope; hash is the hex SHA-256 of the secret, which is never stored; revoked is NULL while the token is valid. The *_ns columns hold the nanoseconds past the microsecond.';

CREATE TABLE IF NOT EXISTS lookout_audit (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  at_ns      smallint NOT NULL DEFAULT 0,
  token      text NOT NULL,
  name       text NOT NULL,
  role       text NOT NULL,
  action     text NOT NULL,
  layer      text NOT NULL DEFAULT '',
  feature_id text NOT NULL DEFAULT '',
  count      bigint NOT NULL DEFAULT 0,
  remote     text NOT NULL DEFAULT '',
  detail     text NOT NULL DEFAULT '',
  batch      uuid NOT NULL
);
-- Each index ends with the order of AuditLog (at, at_ns, id), so that the
-- newest entries of a window, of a token or of a layer are one backward
-- index scan that stops at the limit.
CREATE INDEX IF NOT EXISTS lookout_audit_at ON lookout_audit (at, at_ns, id);
CREATE INDEX IF NOT EXISTS lookout_audit_token ON lookout_audit (token, at, at_ns, id);
CREATE INDEX IF NOT EXISTS lookout_audit_layer ON lookout_audit (layer, at, at_ns, id);
COMMENT ON TABLE lookout_audit IS 'Lookout audit trail: reads of custody data, incident actions and token management; token is the token''s ID, feature_id what was acted on, batch the write that appended the entry. The *_ns column holds the nanoseconds past the microsecond of at.';
