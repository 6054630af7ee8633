-- Search (search_entries.document): French and English stemming after folding accents, the same
-- on PostgreSQL and on the embedded database (PGlite loads its unaccent extension). unaccent is a
-- trusted extension: the database's owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION cercle_fr (COPY = french);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION cercle_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION cercle_en (COPY = english);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION cercle_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;--> statement-breakpoint
CREATE TABLE "motion_coauthors" (
	"motion_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" text DEFAULT 'invited' NOT NULL,
	"invited_by" text NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "motion_coauthors_motion_id_user_id_pk" PRIMARY KEY("motion_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"assembly_id" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"store" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_entries" (
	"kind" text NOT NULL,
	"source_id" text NOT NULL,
	"assembly_id" text NOT NULL,
	"motion_id" text,
	"meeting_id" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"language" text NOT NULL,
	"date" timestamp with time zone NOT NULL,
	"document" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(case when language = 'en' then 'cercle_en'::regconfig else 'cercle_fr'::regconfig end, title), 'A') || setweight(to_tsvector(case when language = 'en' then 'cercle_en'::regconfig else 'cercle_fr'::regconfig end, body), 'B')) STORED NOT NULL,
	CONSTRAINT "search_entries_kind_source_id_pk" PRIMARY KEY("kind","source_id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "audit_visibility" text DEFAULT 'members' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "meeting_id" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "motion_coauthors" ADD CONSTRAINT "motion_coauthors_motion_id_motions_id_fk" FOREIGN KEY ("motion_id") REFERENCES "public"."motions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motion_coauthors" ADD CONSTRAINT "motion_coauthors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motion_coauthors" ADD CONSTRAINT "motion_coauthors_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "motion_coauthors_user_idx" ON "motion_coauthors" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "attachments_subject_idx" ON "attachments" USING btree ("subject_kind","subject_id");--> statement-breakpoint
CREATE INDEX "search_entries_document_idx" ON "search_entries" USING gin ("document");--> statement-breakpoint
CREATE INDEX "search_entries_assembly_idx" ON "search_entries" USING btree ("assembly_id","kind","date");--> statement-breakpoint
CREATE INDEX "search_entries_motion_idx" ON "search_entries" USING btree ("motion_id");--> statement-breakpoint
-- Search entries kept by triggers (issue 18, search). Every text a person may read has one row in
-- search_entries, written by the database itself in the transaction that changes the text, so no
-- code path (service, import, congress forwarding, database move) can forget it.
-- Kinds: 'motion' is a motion's current version (title and text); 'motion_version' is each
-- EARLIER version only (the current one is the 'motion' row: indexing it twice would return every
-- hit twice); 'amendment' (proposed text and rationale, no title of its own); 'comment'; 'minutes'
-- (each version, titled by its meeting). Motion texts take the assembly's language, minutes their
-- own. `status` is the motion's for motions, versions and comments, the amendment's or the
-- minutes' own otherwise: the status filter and the draft rule read it.
CREATE FUNCTION cercle_search_index_motion(p_motion_id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Rows are written only when they change (a motion's update rewrites none of its unchanged
  -- versions): fewer dead rows for the index to skip, a denser table to read.
  INSERT INTO search_entries AS e (kind, source_id, assembly_id, motion_id, title, body, status, language, date)
  SELECT 'motion', m.id, m.assembly_id, m.id, m.title, coalesce(v.text, ''), m.status, a.language,
         coalesce(v.created_at, m.created_at)
  FROM motions m
  JOIN assemblies a ON a.id = m.assembly_id
  LEFT JOIN motion_versions v ON v.motion_id = m.id AND v.version = m.current_version
  WHERE m.id = p_motion_id
  ON CONFLICT (kind, source_id) DO UPDATE SET
    assembly_id = excluded.assembly_id, title = excluded.title, body = excluded.body,
    status = excluded.status, language = excluded.language, date = excluded.date
  WHERE (e.assembly_id, e.title, e.body, e.status, e.language, e.date)
    IS DISTINCT FROM (excluded.assembly_id, excluded.title, excluded.body, excluded.status,
                      excluded.language, excluded.date);
  INSERT INTO search_entries AS e (kind, source_id, assembly_id, motion_id, title, body, status, language, date)
  SELECT 'motion_version', v.motion_id || ':' || v.version, m.assembly_id, m.id, v.title, v.text,
         m.status, a.language, v.created_at
  FROM motion_versions v
  JOIN motions m ON m.id = v.motion_id
  JOIN assemblies a ON a.id = m.assembly_id
  WHERE v.motion_id = p_motion_id AND v.version < m.current_version
  ON CONFLICT (kind, source_id) DO UPDATE SET
    assembly_id = excluded.assembly_id, title = excluded.title, body = excluded.body,
    status = excluded.status, language = excluded.language, date = excluded.date
  WHERE (e.assembly_id, e.title, e.body, e.status, e.language, e.date)
    IS DISTINCT FROM (excluded.assembly_id, excluded.title, excluded.body, excluded.status,
                      excluded.language, excluded.date);
  -- Versions that are no longer earlier ones (or no longer exist), or a motion that is gone.
  DELETE FROM search_entries e
  WHERE e.motion_id = p_motion_id AND e.kind IN ('motion', 'motion_version')
    AND NOT EXISTS (
      SELECT 1 FROM motions m
      WHERE m.id = p_motion_id
        AND (e.kind = 'motion'
             OR EXISTS (SELECT 1 FROM motion_versions v
                        WHERE v.motion_id = m.id AND v.version < m.current_version
                          AND e.source_id = v.motion_id || ':' || v.version)));
  -- Comments carry their motion's status (a comment has none of its own).
  UPDATE search_entries e SET status = m.status
  FROM motions m
  WHERE m.id = p_motion_id AND e.motion_id = p_motion_id AND e.kind = 'comment' AND e.status <> m.status;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION cercle_search_motions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_entries WHERE motion_id = OLD.id;
    RETURN NULL;
  END IF;
  PERFORM cercle_search_index_motion(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cercle_search_motions AFTER INSERT OR UPDATE OR DELETE ON motions
  FOR EACH ROW EXECUTE FUNCTION cercle_search_motions();
--> statement-breakpoint
CREATE FUNCTION cercle_search_motion_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM cercle_search_index_motion(OLD.motion_id);
  ELSE
    PERFORM cercle_search_index_motion(NEW.motion_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cercle_search_motion_versions AFTER INSERT OR UPDATE OR DELETE ON motion_versions
  FOR EACH ROW EXECUTE FUNCTION cercle_search_motion_versions();
--> statement-breakpoint
CREATE FUNCTION cercle_search_amendments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_entries WHERE kind = 'amendment'
    AND source_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_entries (kind, source_id, assembly_id, motion_id, title, body, status, language, date)
    SELECT 'amendment', NEW.id, m.assembly_id, m.id, '',
           NEW.proposed_text || E'\n\n' || NEW.rationale, NEW.status, a.language,
           coalesce(NEW.decided_at, NEW.created_at)
    FROM motions m JOIN assemblies a ON a.id = m.assembly_id
    WHERE m.id = NEW.motion_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cercle_search_amendments AFTER INSERT OR UPDATE OR DELETE ON amendments
  FOR EACH ROW EXECUTE FUNCTION cercle_search_amendments();
--> statement-breakpoint
CREATE FUNCTION cercle_search_comments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_entries WHERE kind = 'comment'
    AND source_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_entries (kind, source_id, assembly_id, motion_id, title, body, status, language, date)
    SELECT 'comment', NEW.id, m.assembly_id, m.id, '', NEW.text, m.status, a.language, NEW.created_at
    FROM motions m JOIN assemblies a ON a.id = m.assembly_id
    WHERE m.id = NEW.motion_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cercle_search_comments AFTER INSERT OR UPDATE OR DELETE ON motion_comments
  FOR EACH ROW EXECUTE FUNCTION cercle_search_comments();
--> statement-breakpoint
CREATE FUNCTION cercle_search_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_entries WHERE kind = 'minutes'
    AND source_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_entries (kind, source_id, assembly_id, meeting_id, title, body, status, language, date)
    SELECT 'minutes', NEW.id, NEW.assembly_id, NEW.meeting_id, mt.title, NEW.text, NEW.status,
           NEW.language, coalesce(NEW.published_at, NEW.updated_at)
    FROM meetings mt WHERE mt.id = NEW.meeting_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cercle_search_minutes AFTER INSERT OR UPDATE OR DELETE ON minutes
  FOR EACH ROW EXECUTE FUNCTION cercle_search_minutes();
--> statement-breakpoint
-- A meeting's new title renames its minutes; an assembly's new language restems its motions' texts.
CREATE FUNCTION cercle_search_meetings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_entries SET title = NEW.title WHERE kind = 'minutes' AND meeting_id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cercle_search_meetings AFTER UPDATE OF title ON meetings
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION cercle_search_meetings();
--> statement-breakpoint
CREATE FUNCTION cercle_search_assemblies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_entries SET language = NEW.language WHERE assembly_id = NEW.id AND kind <> 'minutes';
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cercle_search_assemblies AFTER UPDATE OF language ON assemblies
  FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language) EXECUTE FUNCTION cercle_search_assemblies();
--> statement-breakpoint
-- Backfill: the texts written before this migration.
SELECT cercle_search_index_motion(id) FROM motions;
--> statement-breakpoint
INSERT INTO search_entries (kind, source_id, assembly_id, motion_id, title, body, status, language, date)
SELECT 'amendment', x.id, m.assembly_id, m.id, '', x.proposed_text || E'\n\n' || x.rationale, x.status,
       a.language, coalesce(x.decided_at, x.created_at)
FROM amendments x JOIN motions m ON m.id = x.motion_id JOIN assemblies a ON a.id = m.assembly_id;
--> statement-breakpoint
INSERT INTO search_entries (kind, source_id, assembly_id, motion_id, title, body, status, language, date)
SELECT 'comment', c.id, m.assembly_id, m.id, '', c.text, m.status, a.language, c.created_at
FROM motion_comments c JOIN motions m ON m.id = c.motion_id JOIN assemblies a ON a.id = m.assembly_id;
--> statement-breakpoint
INSERT INTO search_entries (kind, source_id, assembly_id, meeting_id, title, body, status, language, date)
SELECT 'minutes', x.id, x.assembly_id, x.meeting_id, mt.title, x.text, x.status, x.language,
       coalesce(x.published_at, x.updated_at)
FROM minutes x JOIN meetings mt ON mt.id = x.meeting_id;
