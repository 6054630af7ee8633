-- Search speed (issue 18), and rights changes announced by the database (issue 19, at the end).
-- An everyday search reads the texts as they stand and nothing else.
-- Earlier versions of motions move out of search_entries into search_versions, read only when a
-- search asks for earlier versions and to show where the words of a page's motions last stood. A
-- motion's row carries its earlier versions' words without positions (earlier_words, `strip`), so
-- it is still found by words that are no longer in its text, ranked below the texts that hold them.
CREATE TABLE "search_versions" (
	"motion_id" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"date" timestamp with time zone NOT NULL,
	"document" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(case when language = 'en' then 'cercle_en'::regconfig else 'cercle_fr'::regconfig end, title), 'A') || setweight(to_tsvector(case when language = 'en' then 'cercle_en'::regconfig else 'cercle_fr'::regconfig end, body), 'B')) STORED NOT NULL,
	CONSTRAINT "search_versions_motion_id_version_pk" PRIMARY KEY("motion_id","version")
);
--> statement-breakpoint
ALTER TABLE "search_versions" ADD CONSTRAINT "search_versions_motion_id_motions_id_fk" FOREIGN KEY ("motion_id") REFERENCES "public"."motions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_versions_document_idx" ON "search_versions" USING gin ("document");--> statement-breakpoint
DELETE FROM "search_entries" WHERE "kind" = 'motion_version';--> statement-breakpoint
ALTER TABLE "search_entries" ADD COLUMN "earlier_words" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
-- Dropping the column drops its index: both come back (the index after the rewrite below), the
-- document now with the earlier words.
ALTER TABLE "search_entries" DROP COLUMN "document";--> statement-breakpoint
ALTER TABLE "search_entries" ADD COLUMN "document" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(case when language = 'en' then 'cercle_en'::regconfig else 'cercle_fr'::regconfig end, title), 'A') || setweight(to_tsvector(case when language = 'en' then 'cercle_en'::regconfig else 'cercle_fr'::regconfig end, body), 'B') || earlier_words) STORED NOT NULL;--> statement-breakpoint
-- Every search reads `document` of every candidate row (to match it, then to rank it): it stays in
-- the row, uncompressed, as long as it can (MAIN), and the text and earlier words, read for a
-- page's rows only, are the first moved out when a row grows beyond 2 kB. A compressed or
-- out-of-line document is decompressed twice per row and search: that was four times slower.
ALTER TABLE "search_entries" ALTER COLUMN "document" SET STORAGE MAIN;--> statement-breakpoint
-- A motion's entries: its current text (with its earlier versions' words) in search_entries, its
-- earlier versions in search_versions. Rows are written only when they change.
CREATE OR REPLACE FUNCTION cercle_search_index_motion(p_motion_id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_entries AS e (kind, source_id, assembly_id, motion_id, title, body, earlier_words, status, language, date)
  SELECT 'motion', m.id, m.assembly_id, m.id, m.title, coalesce(v.text, ''),
         -- The words of the earlier versions that the current text no longer has.
         coalesce((
           SELECT ts_delete(
                    strip(to_tsvector(c.config, string_agg(p.title || E'\n' || p.text, E'\n'))),
                    tsvector_to_array(to_tsvector(c.config, m.title || E'\n' || coalesce(v.text, ''))))
           FROM motion_versions p WHERE p.motion_id = m.id AND p.version < m.current_version
         ), ''::tsvector),
         m.status, a.language, coalesce(v.created_at, m.created_at)
  FROM motions m
  JOIN assemblies a ON a.id = m.assembly_id
  CROSS JOIN LATERAL (
    SELECT case when a.language = 'en' then 'cercle_en'::regconfig else 'cercle_fr'::regconfig end AS config
  ) c
  LEFT JOIN motion_versions v ON v.motion_id = m.id AND v.version = m.current_version
  WHERE m.id = p_motion_id
  ON CONFLICT (kind, source_id) DO UPDATE SET
    assembly_id = excluded.assembly_id, title = excluded.title, body = excluded.body,
    earlier_words = excluded.earlier_words, status = excluded.status,
    language = excluded.language, date = excluded.date
  WHERE (e.assembly_id, e.title, e.body, e.earlier_words, e.status, e.language, e.date)
    IS DISTINCT FROM (excluded.assembly_id, excluded.title, excluded.body, excluded.earlier_words,
                      excluded.status, excluded.language, excluded.date);
  INSERT INTO search_versions AS e (motion_id, version, title, body, language, date)
  SELECT v.motion_id, v.version, v.title, v.text, a.language, v.created_at
  FROM motion_versions v
  JOIN motions m ON m.id = v.motion_id
  JOIN assemblies a ON a.id = m.assembly_id
  WHERE v.motion_id = p_motion_id AND v.version < m.current_version
  ON CONFLICT (motion_id, version) DO UPDATE SET
    title = excluded.title, body = excluded.body, language = excluded.language, date = excluded.date
  WHERE (e.title, e.body, e.language, e.date)
    IS DISTINCT FROM (excluded.title, excluded.body, excluded.language, excluded.date);
  -- Versions that are no longer earlier ones (or no longer exist), or a motion that is gone.
  DELETE FROM search_versions s
  WHERE s.motion_id = p_motion_id
    AND NOT EXISTS (
      SELECT 1 FROM motions m JOIN motion_versions v ON v.motion_id = m.id
      WHERE m.id = p_motion_id AND v.version = s.version AND v.version < m.current_version);
  DELETE FROM search_entries e
  WHERE e.motion_id = p_motion_id AND e.kind = 'motion'
    AND NOT EXISTS (SELECT 1 FROM motions m WHERE m.id = p_motion_id);
  -- Comments carry their motion's status (a comment has none of its own).
  UPDATE search_entries e SET status = m.status
  FROM motions m
  WHERE m.id = p_motion_id AND e.motion_id = p_motion_id AND e.kind = 'comment' AND e.status <> m.status;
END;
$$;
--> statement-breakpoint
-- An assembly's new language restems its motions' texts, earlier versions included.
CREATE OR REPLACE FUNCTION cercle_search_assemblies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cercle_search_index_motion(id) FROM motions WHERE assembly_id = NEW.id;
  UPDATE search_entries SET language = NEW.language
  WHERE assembly_id = NEW.id AND kind IN ('amendment', 'comment');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Every row written again (its document recomputed, stored as just set), then the backfill:
-- earlier words on every motion's row, earlier versions in their own table; then the index.
UPDATE search_entries SET title = title;--> statement-breakpoint
SELECT cercle_search_index_motion(id) FROM motions;--> statement-breakpoint
CREATE INDEX "search_entries_document_idx" ON "search_entries" USING gin ("document");
--> statement-breakpoint
-- Rights changes announced by the database itself (issue 19): every instance keeps the sessions
-- and memberships of the people on its sockets in memory, and drops a person's when this notice
-- (the same one the code sends when it ends sessions or changes memberships) arrives at commit.
-- A trigger cannot be forgotten by a code path: an invitation accepted, a membership ended by an
-- erasure, an admin made by the setup, a session deleted by hand.
CREATE FUNCTION cercle_rights_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('cercle_rights', NEW.id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('cercle_rights', OLD.user_id);
  ELSE
    PERFORM pg_notify('cercle_rights', NEW.user_id);
    IF TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id THEN
      PERFORM pg_notify('cercle_rights', OLD.user_id);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cercle_rights_members AFTER INSERT OR UPDATE OR DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION cercle_rights_changed();
--> statement-breakpoint
CREATE TRIGGER cercle_rights_sessions AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION cercle_rights_changed();
--> statement-breakpoint
CREATE TRIGGER cercle_rights_users AFTER UPDATE ON users
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION cercle_rights_changed();
