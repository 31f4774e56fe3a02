-- Local-durability outbox: with OUTBOX=on, every batch answered 202 is
-- also written here and deleted once consumed, so a batch still in a
-- local (in-memory) Queue when the process dies is sent again on restart.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL, -- the Queue message, JSON
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_created ON outbox(created_at);
