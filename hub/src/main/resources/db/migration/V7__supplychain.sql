-- Primum hub schema, version 7: supply chain. Each release's SBOM (as components), the OSV
-- vulnerability data sets imported offline, what matched which release component (with the data
-- set it came from), VEX statements scoped to product version and component, and the release
-- gate's recorded justifications.

CREATE TABLE sbom_documents (
  release_id      BIGINT PRIMARY KEY REFERENCES releases (id),
  format          TEXT   NOT NULL,
  serial_number   TEXT   NOT NULL,
  author          TEXT   NOT NULL,
  produced_at     TEXT   NOT NULL,
  component_count INTEGER NOT NULL,
  dependencies    TEXT   NOT NULL, -- JSON object: bom-ref -> [bom-ref]
  warnings        TEXT   NOT NULL, -- JSON array of strings
  imported_at     BIGINT NOT NULL
);

CREATE TABLE sbom_components (
  release_id     BIGINT  NOT NULL REFERENCES releases (id),
  ordinal        INTEGER NOT NULL,
  bom_ref        TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  supplier       TEXT    NOT NULL,
  grp            TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  version        TEXT    NOT NULL,
  purl           TEXT,
  cpe            TEXT    NOT NULL,
  hashes         TEXT    NOT NULL, -- JSON object: algorithm -> hex
  support_level  TEXT    NOT NULL,
  end_of_support TEXT,             -- ISO date
  support_by     TEXT,             -- who last edited the support fields (NULL: as the SBOM says)
  support_at     BIGINT,
  PRIMARY KEY (release_id, ordinal)
);

-- One import of OSV data. A later import with the same name supersedes the earlier one.
CREATE TABLE vuln_datasets (
  id           ${id_pk},
  name         TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  sha256       TEXT    NOT NULL,
  data_date    TEXT    NOT NULL, -- the newest "modified" among its records
  record_count INTEGER NOT NULL,
  flagged      TEXT    NOT NULL, -- JSON array: records skipped and why
  imported_at  BIGINT  NOT NULL,
  imported_by  TEXT    NOT NULL,
  superseded   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE vuln_records (
  dataset_id BIGINT NOT NULL REFERENCES vuln_datasets (id),
  osv_id     TEXT   NOT NULL,
  content    TEXT   NOT NULL, -- the OSV JSON as imported
  PRIMARY KEY (dataset_id, osv_id)
);

CREATE TABLE vuln_matches (
  release_id  BIGINT  NOT NULL REFERENCES releases (id),
  ordinal     INTEGER NOT NULL,
  osv_id      TEXT    NOT NULL,
  aliases     TEXT    NOT NULL, -- space-separated
  summary     TEXT    NOT NULL,
  severity    TEXT    NOT NULL, -- NONE, LOW, MEDIUM, HIGH, CRITICAL, UNKNOWN
  score       TEXT    NOT NULL,
  affected    TEXT    NOT NULL, -- the range that matched, for people
  dataset_id  BIGINT  NOT NULL REFERENCES vuln_datasets (id),
  matched_at  BIGINT  NOT NULL,
  PRIMARY KEY (release_id, ordinal, osv_id)
);
CREATE INDEX vuln_matches_osv ON vuln_matches (osv_id);

CREATE TABLE vex_statements (
  id            ${id_pk},
  hardware_id   TEXT   NOT NULL,
  version       TEXT   NOT NULL, -- the product (release) version the statement is about
  component     TEXT   NOT NULL, -- package URL without qualifiers, or '*' for every component
  vulnerability TEXT   NOT NULL, -- OSV id or an alias (CVE, GHSA)
  status        TEXT   NOT NULL, -- not_affected, affected, fixed, under_investigation
  justification TEXT   NOT NULL,
  detail        TEXT   NOT NULL,
  source        TEXT   NOT NULL, -- manual, cyclonedx, csaf, openvex
  recorded_by   TEXT   NOT NULL,
  recorded_at   BIGINT NOT NULL
);
CREATE INDEX vex_statements_product ON vex_statements (hardware_id, version);

CREATE TABLE gate_justifications (
  release_id    BIGINT PRIMARY KEY REFERENCES releases (id),
  justification TEXT   NOT NULL,
  findings      TEXT   NOT NULL, -- JSON array: what the gate would have refused
  recorded_by   TEXT   NOT NULL,
  recorded_at   BIGINT NOT NULL
);
