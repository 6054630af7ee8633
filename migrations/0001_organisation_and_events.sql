CREATE TABLE "event_chains" (
	"assembly_id" text PRIMARY KEY NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"assembly_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "events_assembly_seq_unique" UNIQUE("assembly_id","seq")
);
--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "quorum" real DEFAULT 0.25 NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "max_proxies_per_holder" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "max_consent_rounds" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "fallback_rule" text DEFAULT 'two_thirds' NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "supporters_to_admit" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "college_weighting" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "majority_in_every_college" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "minutes_visibility" text DEFAULT 'members' NOT NULL;--> statement-breakpoint
ALTER TABLE "assemblies" ADD COLUMN "language" text DEFAULT 'fr' NOT NULL;--> statement-breakpoint
ALTER TABLE "event_chains" ADD CONSTRAINT "event_chains_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("type");