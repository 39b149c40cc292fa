-- Primum hub schema, version 4: infusion orders (HL7 v2, IHE PCD-03) relayed to pumps. The hub only
-- carries them: the pump validates each order, answers with the HL7 acknowledgement, and never
-- starts one without a clinician's confirmation at the pump. An order names a patient, so its text
-- is removed as soon as the pump has answered; what stays is the acknowledgement and the report of
-- the settings in force.

CREATE TABLE device_orders (
  id            ${id_pk},
  device_serial TEXT   NOT NULL,
  control_id    TEXT   NOT NULL,
  message       TEXT,
  status        TEXT   NOT NULL,
  ack           TEXT,
  report        TEXT,
  submitted_by  TEXT   NOT NULL,
  submitted_at  BIGINT NOT NULL,
  delivered_at  BIGINT,
  answered_at   BIGINT,
  reported_at   BIGINT
);
CREATE INDEX device_orders_device ON device_orders (device_serial, status);
