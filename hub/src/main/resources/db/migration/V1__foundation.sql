-- Primum hub schema, version 1: staff, sessions, audit trail, enrollment, devices, status reports.
-- Portable between SQLite and PostgreSQL; times are epoch milliseconds (BIGINT), booleans 0/1.

CREATE TABLE staff_users (
  username        TEXT    PRIMARY KEY,
  role            TEXT    NOT NULL,
  password_hash   TEXT    NOT NULL,
  created_at      BIGINT  NOT NULL,
  created_by      TEXT    NOT NULL,
  disabled        INTEGER NOT NULL DEFAULT 0,
  password_set_at BIGINT  NOT NULL
);

CREATE TABLE staff_sessions (
  token_hash   TEXT   PRIMARY KEY,
  username     TEXT   NOT NULL REFERENCES staff_users (username),
  csrf_token   TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  source       TEXT   NOT NULL
);
CREATE INDEX staff_sessions_username ON staff_sessions (username);

CREATE TABLE login_failures (
  subject      TEXT    PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start BIGINT  NOT NULL,
  locked_until BIGINT  NOT NULL
);

CREATE TABLE audit_events (
  id      ${id_pk},
  at      BIGINT NOT NULL,
  actor   TEXT   NOT NULL,
  action  TEXT   NOT NULL,
  target  TEXT   NOT NULL,
  outcome TEXT   NOT NULL,
  detail  TEXT   NOT NULL,
  source  TEXT   NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at);

CREATE TABLE enrollment_tokens (
  id          TEXT   PRIMARY KEY,
  serial      TEXT   NOT NULL,
  secret_hash TEXT   NOT NULL UNIQUE,
  created_at  BIGINT NOT NULL,
  created_by  TEXT   NOT NULL,
  expires_at  BIGINT NOT NULL,
  used_at     BIGINT,
  used_by_fingerprint TEXT
);
CREATE INDEX enrollment_tokens_serial ON enrollment_tokens (serial);

CREATE TABLE devices (
  serial          TEXT   PRIMARY KEY,
  status          TEXT   NOT NULL,
  enrolled_at     BIGINT NOT NULL,
  revoked_at      BIGINT,
  revoked_by      TEXT,
  revoke_reason   TEXT,
  last_seen_at    BIGINT,
  last_sequence   BIGINT,
  model           TEXT,
  firmware        TEXT,
  operating_state TEXT,
  connectivity    TEXT,
  alarm_code      TEXT,
  alarm_priority  TEXT,
  alarm_message   TEXT,
  alarm_count     INTEGER NOT NULL DEFAULT 0,
  device_time     TEXT
);

CREATE TABLE device_certificates (
  fingerprint   TEXT   PRIMARY KEY,
  device_serial TEXT   NOT NULL REFERENCES devices (serial),
  serial_number TEXT   NOT NULL,
  not_before    BIGINT NOT NULL,
  not_after     BIGINT NOT NULL,
  issued_at     BIGINT NOT NULL,
  status        TEXT   NOT NULL,
  first_used_at BIGINT,
  pem           TEXT   NOT NULL
);
CREATE INDEX device_certificates_device ON device_certificates (device_serial);

CREATE TABLE status_reports (
  id              ${id_pk},
  device_serial   TEXT   NOT NULL REFERENCES devices (serial),
  certificate_fingerprint TEXT NOT NULL,
  sequence        BIGINT NOT NULL,
  received_at     BIGINT NOT NULL,
  device_time     TEXT   NOT NULL,
  operating_state TEXT   NOT NULL,
  connectivity    TEXT   NOT NULL,
  alarm_priority  TEXT,
  alarm_code      TEXT,
  envelope        TEXT   NOT NULL
);
CREATE INDEX status_reports_received ON status_reports (device_serial, received_at);
