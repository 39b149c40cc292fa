-- Primum hub schema, version 5: the TUF image repository, the releases it vouches for, and the
-- Uptane-style director's per-device assignments. Metadata is stored exactly as signed (canonical
-- JSON text), one row per role and version, so every version ever served can be served again.
-- Target files themselves live in <data>/tuf/targets/, named by their SHA-256.

CREATE TABLE tuf_metadata (
  repository TEXT   NOT NULL, -- 'image' or 'director'
  role       TEXT   NOT NULL, -- root, targets, snapshot, timestamp, or a delegated role
  version    BIGINT NOT NULL,
  content    TEXT   NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (repository, role, version)
);

CREATE TABLE releases (
  id              ${id_pk},
  hardware_id     TEXT   NOT NULL,
  version         TEXT   NOT NULL,
  release_counter BIGINT NOT NULL,
  target_path     TEXT   NOT NULL UNIQUE,
  length          BIGINT NOT NULL,
  sha256          TEXT   NOT NULL,
  sha512          TEXT   NOT NULL,
  notes           TEXT   NOT NULL,
  notes_sha256    TEXT   NOT NULL,
  sbom_path       TEXT,
  sbom_sha256     TEXT,
  targets_version BIGINT NOT NULL,
  published_by    TEXT   NOT NULL,
  published_at    BIGINT NOT NULL,
  UNIQUE (hardware_id, version),
  UNIQUE (hardware_id, release_counter)
);

-- The director's targets metadata per device; the highest version is the current assignment
-- (release_id NULL: nothing assigned).
CREATE TABLE director_targets (
  device_serial TEXT   NOT NULL,
  version       BIGINT NOT NULL,
  content       TEXT   NOT NULL,
  expires_at    BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  release_id    BIGINT REFERENCES releases (id),
  rollout_id    BIGINT,
  PRIMARY KEY (device_serial, version)
);
