-- Primum hub schema, version 3: device time as a number for timeline filters, and a small index
-- over the devices' gap records (entries a full device log could not keep).

ALTER TABLE evidence_entries ADD COLUMN device_millis BIGINT;
CREATE INDEX evidence_entries_gaps ON evidence_entries (device_serial) WHERE type = 'evidence.gap';
