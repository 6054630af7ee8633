CREATE TABLE "candidates" (
	"id" text PRIMARY KEY NOT NULL,
	"election_id" text NOT NULL,
	"user_id" text,
	"label" text,
	"statement" text DEFAULT '' NOT NULL,
	"category" text,
	"college_id" text,
	"status" text DEFAULT 'standing' NOT NULL,
	"position" integer NOT NULL,
	"entered_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "election_ballots" (
	"id" text PRIMARY KEY NOT NULL,
	"poll_id" text NOT NULL,
	"voter_id" text NOT NULL,
	"selection" jsonb NOT NULL,
	"college_id" text,
	"site_id" text,
	CONSTRAINT "election_ballots_one_per_voter" UNIQUE("poll_id","voter_id")
);
--> statement-breakpoint
CREATE TABLE "election_secret_tallies" (
	"poll_id" text PRIMARY KEY NOT NULL,
	"ballots" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "election_site_counts" (
	"poll_id" text NOT NULL,
	"site_id" text NOT NULL,
	"college_id" text,
	"ballots" integer NOT NULL,
	"blank" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "election_site_counts_cell" UNIQUE NULLS NOT DISTINCT("poll_id","site_id","college_id")
);
--> statement-breakpoint
CREATE TABLE "elections" (
	"id" text PRIMARY KEY NOT NULL,
	"assembly_id" text NOT NULL,
	"meeting_id" text,
	"subject" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"method" text NOT NULL,
	"seats" integer NOT NULL,
	"reserved" jsonb NOT NULL,
	"parity" boolean DEFAULT false NOT NULL,
	"grades" jsonb,
	"keep" integer,
	"secret" boolean NOT NULL,
	"status" text DEFAULT 'preparing' NOT NULL,
	"candidacies_open_at" timestamp with time zone,
	"candidacies_close_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "polls" ALTER COLUMN "motion_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ALTER COLUMN "motion_version" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "election_id" text;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "candidate_ids" jsonb;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "election_id" text;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_ballots" ADD CONSTRAINT "election_ballots_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_ballots" ADD CONSTRAINT "election_ballots_voter_id_users_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_secret_tallies" ADD CONSTRAINT "election_secret_tallies_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_site_counts" ADD CONSTRAINT "election_site_counts_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_site_counts" ADD CONSTRAINT "election_site_counts_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "candidates_one_per_person" ON "candidates" USING btree ("election_id","user_id") WHERE "candidates"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "candidates_election_idx" ON "candidates" USING btree ("election_id");--> statement-breakpoint
CREATE INDEX "elections_assembly_idx" ON "elections" USING btree ("assembly_id");--> statement-breakpoint
CREATE INDEX "elections_call_idx" ON "elections" USING btree ("status","candidacies_close_at");--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "polls_election_idx" ON "polls" USING btree ("election_id");--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_one_subject" CHECK (("polls"."motion_id" is null) <> ("polls"."election_id" is null));