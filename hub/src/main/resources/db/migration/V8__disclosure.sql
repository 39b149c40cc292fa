-- Primum hub schema, version 8: coordinated vulnerability disclosure (ISO/IEC 29147 intake,
-- ISO/IEC 30111 handling). A case per report, its state transitions, the message thread with the
-- researcher (and internal notes), attachments (metadata only: the content lives encrypted in
-- <data>/disclosure/attachments/), affected products, and the anonymous intake's rate limits.
-- Times are epoch milliseconds; booleans 0/1.

CREATE TABLE disclosure_cases (
  id                     ${id_pk},
  token_hash             TEXT    NOT NULL UNIQUE, -- SHA-256 (hex) of the researcher's token
  state                  TEXT    NOT NULL,
  received_at            BIGINT  NOT NULL,
  updated_at             BIGINT  NOT NULL,
  hardware_id            TEXT    NOT NULL,
  version                TEXT    NOT NULL,        -- a release version, or 'any'
  title                  TEXT    NOT NULL,
  description            TEXT    NOT NULL,
  description_encrypted  INTEGER NOT NULL,        -- 1: submitted as an OpenPGP message
  steps                  TEXT    NOT NULL,
  impact                 TEXT    NOT NULL,
  safety                 TEXT    NOT NULL,        -- YES, NO, UNKNOWN (the researcher's view)
  safety_detail          TEXT    NOT NULL,
  contact                TEXT,                    -- researcher e-mail, optional
  credit                 TEXT,                    -- name or handle to credit; NULL: anonymous
  uncontrolled_risk      INTEGER NOT NULL,        -- analyst's call (FDA postmarket clocks)
  cvss31_vector          TEXT,
  cvss31_score           TEXT,                    -- e.g. '9.8', as computed
  cvss31_severity        TEXT,
  cvss40_vector          TEXT,
  q_patient_harm         TEXT,
  q_environment          TEXT,
  q_in_therapy           TEXT,
  cve_id                 TEXT,
  duplicate_of           BIGINT REFERENCES disclosure_cases (id),
  fixed_in               TEXT,
  customers_notified_at  BIGINT
);
CREATE INDEX disclosure_cases_state ON disclosure_cases (state);

CREATE TABLE disclosure_transitions (
  id         ${id_pk},
  case_id    BIGINT NOT NULL REFERENCES disclosure_cases (id),
  from_state TEXT   NOT NULL,
  to_state   TEXT   NOT NULL,
  actor      TEXT   NOT NULL,
  at         BIGINT NOT NULL,
  note       TEXT   NOT NULL
);
CREATE INDEX disclosure_transitions_case ON disclosure_transitions (case_id, at);

CREATE TABLE disclosure_messages (
  id         ${id_pk},
  case_id    BIGINT NOT NULL REFERENCES disclosure_cases (id),
  author     TEXT   NOT NULL, -- 'researcher' or 'staff:<username>'
  visibility TEXT   NOT NULL, -- THREAD (researcher sees it) or INTERNAL (staff only)
  body       TEXT   NOT NULL,
  at         BIGINT NOT NULL
);
CREATE INDEX disclosure_messages_case ON disclosure_messages (case_id, at);

CREATE TABLE disclosure_attachments (
  id          ${id_pk},
  case_id     BIGINT NOT NULL REFERENCES disclosure_cases (id),
  file_id     TEXT   NOT NULL UNIQUE, -- random name of the encrypted file
  name        TEXT   NOT NULL,        -- as the researcher named it (display only)
  media_type  TEXT   NOT NULL,        -- as sniffed from the content
  size        BIGINT NOT NULL,
  sha256      TEXT   NOT NULL,        -- of the plaintext
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX disclosure_attachments_case ON disclosure_attachments (case_id);

CREATE TABLE disclosure_affected (
  case_id     BIGINT NOT NULL REFERENCES disclosure_cases (id),
  hardware_id TEXT   NOT NULL,
  version     TEXT   NOT NULL,
  PRIMARY KEY (case_id, hardware_id, version)
);

-- Token buckets of the anonymous intake, per kind and source address, shared by every replica.
CREATE TABLE disclosure_rate_limits (
  bucket     TEXT   PRIMARY KEY,
  micros     BIGINT NOT NULL, -- tokens left, in millionths
  updated_at BIGINT NOT NULL
);
