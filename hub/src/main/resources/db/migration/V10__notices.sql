-- Primum hub schema, version 10: one outbox for everything the hub tells people.
-- The advisory outbox of version 9 becomes the hub's outbox: besides advisory publications it now
-- carries the notices of a rollout reaching a site (e-mail or signed webhook to the site's
-- subscribers) and of a disclosure case changing (e-mail to the finder). One delivery worker
-- drains it with the same claims, retries, backoff and delivery log. Times are epoch milliseconds.

CREATE TABLE notices (
  id               ${id_pk},
  event            TEXT    NOT NULL, -- advisory.published, rollout.site-reached, disclosure.case-state, ...
  topic            TEXT    NOT NULL, -- what it is about, for listing: PRIMUM-SA-2026-0001, rollout 3, disclosure case 5
  ref              TEXT    NOT NULL, -- the one thing it tells, as its sender names it
  channel          TEXT    NOT NULL, -- webhook, email
  recipient        TEXT    NOT NULL, -- who, as pages show it
  destination      TEXT    NOT NULL, -- the e-mail address or the webhook URL
  webhook_secret   TEXT,             -- HMAC key of a webhook that is not an advisory subscriber's
  subject          TEXT    NOT NULL DEFAULT '', -- of the e-mail ('' for advisories: written when sent)
  body             TEXT    NOT NULL, -- webhook: the JSON body; e-mail: the text; advisories: the JSON
  advisory_id      BIGINT  REFERENCES advisories (id),
  advisory_version INTEGER,
  subscriber_id    BIGINT  REFERENCES advisory_subscribers (id), -- checked and read when sent
  state            TEXT    NOT NULL, -- pending, delivered, failed
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT  NOT NULL,
  lease_until      BIGINT  NOT NULL DEFAULT 0, -- a worker holds the row until then
  created_at       BIGINT  NOT NULL,
  finished_at      BIGINT,
  last_error       TEXT    NOT NULL DEFAULT '',
  UNIQUE (ref, channel) -- queuing the same notice twice queues it once
);
CREATE INDEX notices_due ON notices (state, next_attempt_at);
CREATE INDEX notices_topic ON notices (topic);
CREATE INDEX notices_advisory ON notices (advisory_id);

CREATE TABLE notice_deliveries (
  id        ${id_pk},
  notice_id BIGINT  NOT NULL REFERENCES notices (id),
  attempt   INTEGER NOT NULL,
  at        BIGINT  NOT NULL,
  outcome   TEXT    NOT NULL, -- delivered, retry, failed
  detail    TEXT    NOT NULL
);
CREATE INDEX notice_deliveries_notice ON notice_deliveries (notice_id);

-- Advisory notifications queued or sent so far move over with their delivery log.
INSERT INTO notices (event, topic, ref, channel, recipient, destination, subject, body,
                     advisory_id, advisory_version, subscriber_id, state, attempts,
                     next_attempt_at, lease_until, created_at, finished_at, last_error)
SELECT 'advisory.published', a.tracking_id,
       'advisory ' || o.advisory_id || ' v' || o.version || ' subscriber ' || o.subscriber_id,
       o.channel, s.name,
       COALESCE(CASE WHEN o.channel = 'webhook' THEN s.webhook_url ELSE s.email END, ''),
       '', o.payload, o.advisory_id, o.version, o.subscriber_id, o.state, o.attempts,
       o.next_attempt_at, 0, o.created_at, o.finished_at, o.last_error
  FROM advisory_outbox o
  JOIN advisories a ON a.id = o.advisory_id
  JOIN advisory_subscribers s ON s.id = o.subscriber_id
 ORDER BY o.id;

INSERT INTO notice_deliveries (notice_id, attempt, at, outcome, detail)
SELECT n.id, d.attempt, d.at, d.outcome, d.detail
  FROM advisory_deliveries d
  JOIN advisory_outbox o ON o.id = d.outbox_id
  JOIN notices n ON n.advisory_id = o.advisory_id AND n.advisory_version = o.version
                AND n.subscriber_id = o.subscriber_id AND n.channel = o.channel
 ORDER BY d.id;

DROP TABLE advisory_deliveries;
DROP TABLE advisory_outbox;

-- A rollout subscriber with a webhook signs with its own secret, shown once when subscribed.
ALTER TABLE rollout_subscribers ADD COLUMN webhook_secret TEXT;
