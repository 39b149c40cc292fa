-- Primum hub schema, version 9: security advisories (CSAF 2.0) and their notifications.
-- An advisory keeps its working draft; every publication is an immutable revision holding the
-- CSAF document exactly as distributed, its hashes and OpenPGP signature. Subscribers receive one
-- outbox row per publication and channel; a delivery worker drains the outbox with retries, and
-- every attempt is logged. Times are epoch milliseconds.

-- Tracking ids are allocated per year: PRIMUM-SA-<year>-<seq>.
CREATE TABLE advisory_counters (
  tracking_year INTEGER PRIMARY KEY,
  last_seq      INTEGER NOT NULL
);

CREATE TABLE advisories (
  id                 ${id_pk},
  tracking_id        TEXT    NOT NULL UNIQUE,
  draft              TEXT    NOT NULL, -- JSON (DraftJson format 1): the working draft
  published_version  INTEGER NOT NULL DEFAULT 0,
  initial_release_at BIGINT,
  current_release_at BIGINT,
  created_at         BIGINT  NOT NULL,
  created_by         TEXT    NOT NULL,
  updated_at         BIGINT  NOT NULL,
  updated_by         TEXT    NOT NULL
);

-- Every OpenPGP key that signed a publication (replicas with their own key files each add
-- theirs), so the provider metadata lists, and the directory serves, whatever verifies a document.
CREATE TABLE advisory_keys (
  fingerprint TEXT   PRIMARY KEY,
  public_key  TEXT   NOT NULL, -- ASCII-armoured
  created_at  BIGINT NOT NULL
);

CREATE TABLE advisory_revisions (
  advisory_id     BIGINT  NOT NULL REFERENCES advisories (id),
  version         INTEGER NOT NULL,
  status          TEXT    NOT NULL, -- interim, final
  tlp             TEXT    NOT NULL, -- WHITE is distributed publicly; the rest stays internal
  published_at    BIGINT  NOT NULL,
  published_by    TEXT    NOT NULL,
  summary         TEXT    NOT NULL, -- the revision history summary
  draft           TEXT    NOT NULL, -- JSON: the draft as published
  draft_sha256    TEXT    NOT NULL,
  file_year       INTEGER NOT NULL, -- CSAF 7.1.11: year of the initial release date
  file_name       TEXT    NOT NULL, -- CSAF 5.1
  csaf            TEXT    NOT NULL, -- the csaf_security_advisory exactly as served
  sha256          TEXT    NOT NULL,
  sha512          TEXT    NOT NULL,
  signature       TEXT    NOT NULL, -- detached ASCII-armoured OpenPGP signature of csaf
  key_fingerprint TEXT    NOT NULL,
  vex             TEXT    NOT NULL, -- the companion csaf_vex
  PRIMARY KEY (advisory_id, version)
);
CREATE INDEX advisory_revisions_published ON advisory_revisions (published_at);

CREATE TABLE advisory_subscribers (
  id             ${id_pk},
  name           TEXT   NOT NULL,
  webhook_url    TEXT,            -- NULL: no webhook
  webhook_secret TEXT,            -- HMAC key, shown once when registered
  email          TEXT,            -- NULL: no e-mail
  created_at     BIGINT NOT NULL,
  created_by     TEXT   NOT NULL,
  disabled_at    BIGINT,
  disabled_by    TEXT
);

-- One row per publication, subscriber and channel, written in the publication's transaction.
CREATE TABLE advisory_outbox (
  id              ${id_pk},
  advisory_id     BIGINT  NOT NULL REFERENCES advisories (id),
  version         INTEGER NOT NULL,
  subscriber_id   BIGINT  NOT NULL REFERENCES advisory_subscribers (id),
  channel         TEXT    NOT NULL, -- webhook, email
  payload         TEXT    NOT NULL, -- JSON: what the notification says
  state           TEXT    NOT NULL, -- pending, delivered, failed
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT  NOT NULL,
  lease_until     BIGINT  NOT NULL DEFAULT 0, -- a worker holds the row until then
  created_at      BIGINT  NOT NULL,
  finished_at     BIGINT,
  last_error      TEXT    NOT NULL DEFAULT '',
  UNIQUE (advisory_id, version, subscriber_id, channel)
);
CREATE INDEX advisory_outbox_due ON advisory_outbox (state, next_attempt_at);

CREATE TABLE advisory_deliveries (
  id        ${id_pk},
  outbox_id BIGINT  NOT NULL REFERENCES advisory_outbox (id),
  attempt   INTEGER NOT NULL,
  at        BIGINT  NOT NULL,
  outcome   TEXT    NOT NULL, -- delivered, retry, failed
  detail    TEXT    NOT NULL
);
CREATE INDEX advisory_deliveries_outbox ON advisory_deliveries (outbox_id);
