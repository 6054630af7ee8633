CREATE TABLE "secret_tallies" (
	"poll_id" text PRIMARY KEY NOT NULL,
	"counts" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_counts" DROP CONSTRAINT "site_counts_poll_id_site_id_choice_pk";--> statement-breakpoint
ALTER TABLE "participations" ALTER COLUMN "cast_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "participations" ALTER COLUMN "client_ballot_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "secret_minimum_group" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "participations" ADD COLUMN "method" text DEFAULT 'app' NOT NULL;--> statement-breakpoint
ALTER TABLE "participations" ADD COLUMN "site_id" text;--> statement-breakpoint
ALTER TABLE "site_counts" ADD COLUMN "college_id" text;--> statement-breakpoint
ALTER TABLE "secret_tallies" ADD CONSTRAINT "secret_tallies_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_counts" ADD CONSTRAINT "site_counts_cell" UNIQUE NULLS NOT DISTINCT("poll_id","site_id","college_id","choice");--> statement-breakpoint
-- Secret polls kept one anonymous row per ballot, written beside its voter's participation: row
-- order and system columns paired them. Open ones move to counters; every secret ballot row goes.
INSERT INTO "secret_tallies" ("poll_id", "counts")
SELECT p."id", coalesce((
  SELECT jsonb_agg(jsonb_build_object('choice', c."choice", 'collegeId', c."college_id", 'siteId', c."site_id", 'count', c."n")
    ORDER BY c."choice", c."college_id", c."site_id")
  FROM (SELECT "choice", "college_id", "site_id", count(*)::int AS "n" FROM "ballots" b
        WHERE b."poll_id" = p."id" GROUP BY 1, 2, 3) c), '[]'::jsonb)
FROM "polls" p WHERE p."secret" AND p."status" = 'open';--> statement-breakpoint
DELETE FROM "ballots" WHERE "poll_id" IN (SELECT "id" FROM "polls" WHERE "secret");
