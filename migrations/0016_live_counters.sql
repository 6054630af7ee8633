ALTER TABLE "polls" ADD COLUMN "app_participation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "app_totals" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- The live tally's counters (issue 19): a ballot batch's notice reads them instead of counting a
-- poll's participations and ballots again after every batch (at 10,000 voters, every batch read
-- 10,000 rows twice). Kept by statement triggers, so no path that writes participations or ballots
-- (batches, changes, hand counts, erasure, deletion) can forget them; each batch's own trigger runs
-- under the poll's lock that the batch already holds. The close still counts from the rows.
CREATE OR REPLACE FUNCTION cercle_add_totals(totals jsonb, delta jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(choice, n), '{}'::jsonb) FROM (
    SELECT choice, sum(n)::int AS n FROM (
      SELECT key AS choice, value::int AS n FROM jsonb_each_text(totals)
      UNION ALL
      SELECT key, value::int FROM jsonb_each_text(delta)
    ) AS parts GROUP BY choice HAVING sum(n) <> 0
  ) AS merged
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION cercle_count_participations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch reads only the transition tables its event has.
  IF TG_OP = 'INSERT' THEN
    UPDATE polls p SET app_participation = p.app_participation + d.n
    FROM (SELECT poll_id, count(*)::int AS n FROM added WHERE method = 'app' GROUP BY poll_id) d
    WHERE p.id = d.poll_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE polls p SET app_participation = p.app_participation - d.n
    FROM (SELECT poll_id, count(*)::int AS n FROM removed WHERE method = 'app' GROUP BY poll_id) d
    WHERE p.id = d.poll_id;
  ELSE
    UPDATE polls p SET app_participation = p.app_participation + d.n
    FROM (
      SELECT poll_id, sum(n)::int AS n FROM (
        SELECT poll_id, 1 AS n FROM added WHERE method = 'app'
        UNION ALL
        SELECT poll_id, -1 FROM removed WHERE method = 'app'
      ) AS c GROUP BY poll_id HAVING sum(n) <> 0
    ) d
    WHERE p.id = d.poll_id;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER participations_count_inserted AFTER INSERT ON participations
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION cercle_count_participations();--> statement-breakpoint
CREATE TRIGGER participations_count_deleted AFTER DELETE ON participations
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION cercle_count_participations();--> statement-breakpoint
CREATE TRIGGER participations_count_updated AFTER UPDATE ON participations
  REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION cercle_count_participations();--> statement-breakpoint
CREATE OR REPLACE FUNCTION cercle_count_ballots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE polls p SET app_totals = cercle_add_totals(p.app_totals, d.delta)
    FROM (SELECT poll_id, jsonb_object_agg(choice, n) AS delta FROM (
            SELECT poll_id, choice, count(*)::int AS n FROM added GROUP BY poll_id, choice
          ) AS c GROUP BY poll_id) d
    WHERE p.id = d.poll_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE polls p SET app_totals = cercle_add_totals(p.app_totals, d.delta)
    FROM (SELECT poll_id, jsonb_object_agg(choice, n) AS delta FROM (
            SELECT poll_id, choice, -count(*)::int AS n FROM removed GROUP BY poll_id, choice
          ) AS c GROUP BY poll_id) d
    WHERE p.id = d.poll_id;
  ELSE
    UPDATE polls p SET app_totals = cercle_add_totals(p.app_totals, d.delta)
    FROM (SELECT poll_id, jsonb_object_agg(choice, n) AS delta FROM (
            SELECT poll_id, choice, sum(n)::int AS n FROM (
              SELECT poll_id, choice, 1 AS n FROM added
              UNION ALL
              SELECT poll_id, choice, -1 FROM removed
            ) AS moves GROUP BY poll_id, choice HAVING sum(n) <> 0
          ) AS c GROUP BY poll_id) d
    WHERE p.id = d.poll_id;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER ballots_count_inserted AFTER INSERT ON ballots
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION cercle_count_ballots();--> statement-breakpoint
CREATE TRIGGER ballots_count_deleted AFTER DELETE ON ballots
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION cercle_count_ballots();--> statement-breakpoint
CREATE TRIGGER ballots_count_updated AFTER UPDATE ON ballots
  REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION cercle_count_ballots();--> statement-breakpoint
-- Counts every poll's rows again: here once, and after db:move has copied polls and then their
-- participations and ballots (whose triggers added to the copied counters).
CREATE OR REPLACE FUNCTION cercle_recount_live_counters() RETURNS void LANGUAGE sql AS $$
  UPDATE polls p SET
    app_participation = (SELECT count(*) FROM participations a WHERE a.poll_id = p.id AND a.method = 'app'),
    app_totals = coalesce((
      SELECT jsonb_object_agg(choice, n) FROM (
        SELECT choice, count(*)::int AS n FROM ballots b WHERE b.poll_id = p.id GROUP BY choice
      ) AS c), '{}'::jsonb)
$$;--> statement-breakpoint
SELECT cercle_recount_live_counters();
