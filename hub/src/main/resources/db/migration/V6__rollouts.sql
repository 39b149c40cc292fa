-- Primum hub schema, version 6: staged rollouts of a release to the devices of one hardware id, in
-- waves, with per-site maintenance windows, hospital approval, device update reports (their phase
-- history feeds the chart over time), subscribers per site and an outbox of notifications.

-- Where a device stands and what it is. A device without a row is hardware 'rp-1' (the only
-- hardware Primum ships today) at site 'unassigned'.
CREATE TABLE device_sites (
  serial      TEXT   PRIMARY KEY,
  site        TEXT   NOT NULL,
  hardware_id TEXT   NOT NULL,
  updated_at  BIGINT NOT NULL,
  updated_by  TEXT   NOT NULL
);

-- A site's rules for every rollout: a maintenance window (local HH:MM-HH:MM in a zone; none =
-- any time) and whether hospital staff must approve before its devices are assigned.
CREATE TABLE rollout_sites (
  site              TEXT    PRIMARY KEY,
  window_start      TEXT,
  window_end        TEXT,
  zone              TEXT    NOT NULL,
  approval_required INTEGER NOT NULL DEFAULT 0,
  updated_at        BIGINT  NOT NULL,
  updated_by        TEXT    NOT NULL
);

CREATE TABLE rollouts (
  id                    ${id_pk},
  release_id            BIGINT  NOT NULL,
  release_version       TEXT    NOT NULL,
  release_counter       BIGINT  NOT NULL,
  release_target        TEXT    NOT NULL,
  hardware_id           TEXT    NOT NULL,
  strategy              TEXT    NOT NULL,
  plan                  TEXT    NOT NULL,
  success_threshold     INTEGER NOT NULL,
  failure_threshold     INTEGER NOT NULL,
  max_failures          INTEGER NOT NULL,
  wave_timeout_ms       BIGINT  NOT NULL,
  soak_ms               BIGINT  NOT NULL,
  state                 TEXT    NOT NULL,
  current_wave          INTEGER NOT NULL,
  wave_started_at       BIGINT  NOT NULL,
  acknowledged_failures INTEGER NOT NULL DEFAULT 0,
  pause_reason          TEXT,
  created_at            BIGINT  NOT NULL,
  created_by            TEXT    NOT NULL,
  updated_at            BIGINT  NOT NULL,
  finished_at           BIGINT
);
CREATE INDEX rollouts_state ON rollouts (state);

CREATE TABLE rollout_waves (
  rollout_id BIGINT  NOT NULL REFERENCES rollouts (id),
  number     INTEGER NOT NULL,
  label      TEXT    NOT NULL,
  started_at BIGINT,
  ended_at   BIGINT,
  outcome    TEXT,
  PRIMARY KEY (rollout_id, number)
);

CREATE TABLE rollout_devices (
  rollout_id  BIGINT  NOT NULL REFERENCES rollouts (id),
  serial      TEXT    NOT NULL,
  wave        INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  site        TEXT    NOT NULL,
  state       TEXT    NOT NULL,
  detail      TEXT    NOT NULL,
  assigned_at BIGINT,
  updated_at  BIGINT  NOT NULL,
  PRIMARY KEY (rollout_id, serial)
);
CREATE INDEX rollout_devices_serial ON rollout_devices (serial);
CREATE INDEX rollout_devices_state ON rollout_devices (rollout_id, state);

-- Every change of a device's state within a rollout, in hub time: the chart over time.
CREATE TABLE rollout_events (
  id          ${id_pk},
  rollout_id  BIGINT NOT NULL REFERENCES rollouts (id),
  serial      TEXT   NOT NULL,
  state       TEXT   NOT NULL,
  detail      TEXT   NOT NULL,
  device_time TEXT,
  at          BIGINT NOT NULL
);
CREATE INDEX rollout_events_rollout ON rollout_events (rollout_id, at);

CREATE TABLE rollout_approvals (
  rollout_id  BIGINT NOT NULL REFERENCES rollouts (id),
  site        TEXT   NOT NULL,
  approved_by TEXT   NOT NULL,
  approved_at BIGINT NOT NULL,
  PRIMARY KEY (rollout_id, site)
);

CREATE TABLE rollout_subscribers (
  site       TEXT   NOT NULL,
  contact    TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT   NOT NULL,
  PRIMARY KEY (site, contact)
);

-- The outbox: a mail or webhook sender picks notifications up from here (the hub sends nothing).
CREATE TABLE rollout_notifications (
  id         ${id_pk},
  site       TEXT   NOT NULL,
  contact    TEXT   NOT NULL,
  rollout_id BIGINT NOT NULL REFERENCES rollouts (id),
  release_id BIGINT NOT NULL,
  text       TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at    BIGINT
);
CREATE INDEX rollout_notifications_rollout ON rollout_notifications (rollout_id);
