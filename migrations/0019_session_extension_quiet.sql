-- A session extended is not a change of rights (issue 19). Lucia extends a session read in the
-- second half of its life, and the rights trigger of 0015 announced every such write on
-- `cercle_rights`: every instance then dropped what it kept of that person, including the session
-- a websocket upgrade had just read (and extended) to hand over to the socket it opens, which
-- read it again. No cache can hold a session about to be extended (the rights cache keeps only
-- sessions far from their renewal), and a socket whose expiry timer fires on the old date reads
-- the session again before ending anything; so a later `expires_at` alone is not announced.
-- A session deleted, moved to another person or cut short still is.
DROP TRIGGER cercle_rights_sessions ON sessions;--> statement-breakpoint
CREATE TRIGGER cercle_rights_sessions_deleted AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION cercle_rights_changed();--> statement-breakpoint
CREATE TRIGGER cercle_rights_sessions_changed AFTER UPDATE ON sessions
  FOR EACH ROW
  WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.user_id IS DISTINCT FROM NEW.user_id
    OR NEW.expires_at < OLD.expires_at)
  EXECUTE FUNCTION cercle_rights_changed();
