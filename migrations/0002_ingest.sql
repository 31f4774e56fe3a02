-- Queue messages that failed every retry, kept until an operator replays
-- them (POST /v1/admin/dead-letters/replay). message_id makes a redelivered
-- dead letter land once.
CREATE TABLE dead_letters (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL, -- the Queue message, JSON
  attempts INTEGER NOT NULL,
  failed_at INTEGER NOT NULL
);

-- Tracked events stored by the consumer, by portal and UTC day. Only events
-- seen for the first time count, so redelivered batches add nothing.
CREATE TABLE ingest_counts (
  portal_id TEXT NOT NULL,
  day TEXT NOT NULL, -- YYYY-MM-DD, UTC
  stored INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (portal_id, day)
);
