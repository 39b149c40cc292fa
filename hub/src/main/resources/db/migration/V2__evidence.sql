-- Primum hub schema, version 2: witnessed device evidence logs, receipts and integrity incidents.

CREATE TABLE evidence_logs (
  device_serial TEXT    PRIMARY KEY REFERENCES devices (serial),
  origin        TEXT    NOT NULL,
  verifier_key  TEXT    NOT NULL,
  size          BIGINT  NOT NULL,
  root_hash     TEXT    NOT NULL,
  checkpoint    TEXT    NOT NULL,
  frontier      TEXT    NOT NULL,
  integrity     TEXT    NOT NULL,
  updated_at    BIGINT  NOT NULL
);

CREATE TABLE evidence_entries (
  device_serial TEXT    NOT NULL REFERENCES devices (serial),
  sequence      BIGINT  NOT NULL,
  leaf_hash     TEXT    NOT NULL,
  device_time   TEXT    NOT NULL,
  boot          BIGINT  NOT NULL,
  type          TEXT    NOT NULL,
  severity      TEXT    NOT NULL,
  entry         TEXT    NOT NULL,
  received_at   BIGINT  NOT NULL,
  PRIMARY KEY (device_serial, sequence)
);
CREATE INDEX evidence_entries_type ON evidence_entries (device_serial, type);

CREATE TABLE evidence_receipts (
  device_serial TEXT    NOT NULL REFERENCES devices (serial),
  size          BIGINT  NOT NULL,
  root_hash     TEXT    NOT NULL,
  receipt       TEXT    NOT NULL,
  issued_at     BIGINT  NOT NULL,
  PRIMARY KEY (device_serial, size)
);

CREATE TABLE evidence_incidents (
  id                   ${id_pk},
  device_serial        TEXT   NOT NULL REFERENCES devices (serial),
  detected_at          BIGINT NOT NULL,
  kind                 TEXT   NOT NULL,
  detail               TEXT   NOT NULL,
  held_checkpoint      TEXT   NOT NULL,
  presented_checkpoint TEXT   NOT NULL,
  source               TEXT   NOT NULL
);
CREATE INDEX evidence_incidents_device ON evidence_incidents (device_serial, detected_at);
