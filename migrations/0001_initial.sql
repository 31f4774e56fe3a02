-- Times are INTEGER milliseconds since the Unix epoch (UTC) throughout.
-- Every table is scoped by portal_id: one database may hold many portals.

CREATE TABLE portals (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  domains TEXT NOT NULL DEFAULT '[]', -- JSON array of host names
  created_at INTEGER NOT NULL
);

-- API keys are stored as SHA-256 hex of the key, never the key itself.
CREATE TABLE api_keys (
  key_hash TEXT PRIMARY KEY,
  portal_id TEXT NOT NULL REFERENCES portals(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX api_keys_portal ON api_keys(portal_id);

-- A browser, known by its hubspotutk token. The first_* columns are the
-- visitor's first touch (original source) and are written once.
CREATE TABLE visitors (
  portal_id TEXT NOT NULL,
  id TEXT NOT NULL,
  contact_id TEXT,
  first_seen_at INTEGER NOT NULL,
  first_source TEXT,
  first_referrer TEXT,
  first_landing_url TEXT,
  first_utm TEXT, -- JSON object
  PRIMARY KEY (portal_id, id)
);
CREATE INDEX visitors_contact ON visitors(portal_id, contact_id);

CREATE TABLE sessions (
  portal_id TEXT NOT NULL,
  id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  source TEXT NOT NULL,
  classifier_version INTEGER NOT NULL,
  landing_url TEXT,
  referrer TEXT,
  utm_campaign TEXT,
  utm_source TEXT,
  utm_medium TEXT,
  utm_content TEXT,
  utm_term TEXT,
  click_id TEXT,
  events INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (portal_id, id)
);
CREATE INDEX sessions_started ON sessions(portal_id, started_at);
CREATE INDEX sessions_visitor ON sessions(portal_id, visitor_id, started_at);

-- One touch. seq is the arrival order, used to break timestamp ties.
-- asset_type and content_type are fixed when the row is written: typing a
-- page later never rewrites them.
CREATE TABLE interactions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  portal_id TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  visitor_id TEXT,
  contact_id TEXT,
  session_id TEXT,
  url TEXT,
  title TEXT,
  content_type TEXT,
  asset_type TEXT NOT NULL,
  source TEXT, -- for interactions outside a session (imports)
  utm_campaign TEXT,
  utm_source TEXT,
  utm_medium TEXT,
  utm_content TEXT,
  utm_term TEXT,
  campaign TEXT,
  ad_keyword TEXT,
  cta TEXT,
  form TEXT,
  social_post TEXT,
  event_name TEXT,
  properties TEXT, -- JSON object
  UNIQUE (portal_id, id)
);
CREATE INDEX interactions_contact ON interactions(portal_id, contact_id, at);
CREATE INDEX interactions_visitor ON interactions(portal_id, visitor_id, at);
CREATE INDEX interactions_session ON interactions(portal_id, session_id);

-- Sales activities and other imported touches tied to deals.
CREATE TABLE interaction_deals (
  portal_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  deal_id TEXT NOT NULL,
  PRIMARY KEY (portal_id, deal_id, interaction_id)
);

CREATE TABLE contacts (
  portal_id TEXT NOT NULL,
  id TEXT NOT NULL,
  email TEXT,
  created_at INTEGER NOT NULL,
  method TEXT NOT NULL, -- form | import | integration | other
  company TEXT,
  lead_source TEXT,
  PRIMARY KEY (portal_id, id)
);
CREATE INDEX contacts_email ON contacts(portal_id, email);
CREATE INDEX contacts_created ON contacts(portal_id, created_at);

CREATE TABLE deals (
  portal_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  amount REAL,
  currency TEXT,
  pipeline TEXT,
  type TEXT,
  owner TEXT,
  created_at INTEGER NOT NULL,
  stage TEXT NOT NULL DEFAULT 'open', -- open | closedwon | closedlost
  closed_at INTEGER,
  PRIMARY KEY (portal_id, id)
);
CREATE INDEX deals_created ON deals(portal_id, created_at);
CREATE INDEX deals_closed ON deals(portal_id, stage, closed_at);

-- associated_at: when the contact was associated with the deal; defaults to
-- the deal's creation.
CREATE TABLE deal_contacts (
  portal_id TEXT NOT NULL,
  deal_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  associated_at INTEGER NOT NULL,
  PRIMARY KEY (portal_id, deal_id, contact_id)
);
CREATE INDEX deal_contacts_contact ON deal_contacts(portal_id, contact_id);

-- Content-type history of a page, by URL without query and fragment.
-- The type in force at time t is the row with the latest effective_from <= t.
CREATE TABLE assets (
  portal_id TEXT NOT NULL,
  url TEXT NOT NULL,
  content_type TEXT NOT NULL,
  effective_from INTEGER NOT NULL,
  PRIMARY KEY (portal_id, url, effective_from)
);

-- Events dropped before storage, counted by reason and day.
CREATE TABLE drop_counts (
  portal_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  day TEXT NOT NULL, -- YYYY-MM-DD, UTC
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (portal_id, reason, day)
);
