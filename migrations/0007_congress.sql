CREATE TABLE "composite_sources" (
	"composite_id" text NOT NULL,
	"source_id" text NOT NULL,
	"response" text DEFAULT 'pending' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "composite_sources_composite_id_source_id_pk" PRIMARY KEY("composite_id","source_id")
);
--> statement-breakpoint
CREATE TABLE "congress_mandates" (
	"motion_id" text NOT NULL,
	"antenna_id" text NOT NULL,
	"mandate" text NOT NULL,
	"poll_id" text,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "congress_mandates_motion_id_antenna_id_pk" PRIMARY KEY("motion_id","antenna_id")
);
--> statement-breakpoint
CREATE TABLE "congress_phases" (
	"congress_id" text NOT NULL,
	"phase" text NOT NULL,
	"position" integer NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"changes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "congress_phases_congress_id_phase_pk" PRIMARY KEY("congress_id","phase")
);
--> statement-breakpoint
ALTER TABLE "amendments" ADD COLUMN "on_behalf_of" text;--> statement-breakpoint
ALTER TABLE "motions" ADD COLUMN "forwarded_from" text;--> statement-breakpoint
ALTER TABLE "composite_sources" ADD CONSTRAINT "composite_sources_composite_id_motions_id_fk" FOREIGN KEY ("composite_id") REFERENCES "public"."motions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composite_sources" ADD CONSTRAINT "composite_sources_source_id_motions_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."motions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_mandates" ADD CONSTRAINT "congress_mandates_motion_id_motions_id_fk" FOREIGN KEY ("motion_id") REFERENCES "public"."motions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_mandates" ADD CONSTRAINT "congress_mandates_antenna_id_assemblies_id_fk" FOREIGN KEY ("antenna_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_mandates" ADD CONSTRAINT "congress_mandates_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_mandates" ADD CONSTRAINT "congress_mandates_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_phases" ADD CONSTRAINT "congress_phases_congress_id_assemblies_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."assemblies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_on_behalf_of_assemblies_id_fk" FOREIGN KEY ("on_behalf_of") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motions" ADD CONSTRAINT "motions_forwarded_from_motions_id_fk" FOREIGN KEY ("forwarded_from") REFERENCES "public"."motions"("id") ON DELETE restrict ON UPDATE no action;