-- The country the edge placed a session's first request in (two letters,
-- from request.cf.country; never derived from or stored with an IP).
-- Sessions stored before this migration have none.
ALTER TABLE sessions ADD COLUMN country TEXT;
