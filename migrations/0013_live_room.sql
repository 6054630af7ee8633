CREATE TABLE "delegate_quotas" (
	"meeting_id" text NOT NULL,
	"antenna_id" text NOT NULL,
	"seats" integer NOT NULL,
	CONSTRAINT "delegate_quotas_meeting_id_antenna_id_pk" PRIMARY KEY("meeting_id","antenna_id")
);
--> statement-breakpoint
CREATE TABLE "delegates" (
	"meeting_id" text NOT NULL,
	"user_id" text NOT NULL,
	"antenna_id" text NOT NULL,
	"designated_by" text NOT NULL,
	"designated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accredited_at" timestamp with time zone,
	"accredited_by" text,
	"accredited_site_id" text,
	CONSTRAINT "delegates_meeting_id_user_id_pk" PRIMARY KEY("meeting_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "speaker_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_id" text NOT NULL,
	"item_id" text NOT NULL,
	"person_id" text NOT NULL,
	"site_id" text,
	"category" text,
	"point_of_order" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_by" text,
	"floor_given_at" timestamp with time zone,
	"allotted_seconds" integer,
	"floor_ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "speakers_closed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "speaking_order" text DEFAULT 'arrival' NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "speaking_seconds" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "speaker_categories" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "accreditation_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "delegate_quotas" ADD CONSTRAINT "delegate_quotas_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegate_quotas" ADD CONSTRAINT "delegate_quotas_antenna_id_assemblies_id_fk" FOREIGN KEY ("antenna_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegates" ADD CONSTRAINT "delegates_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegates" ADD CONSTRAINT "delegates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegates" ADD CONSTRAINT "delegates_antenna_id_assemblies_id_fk" FOREIGN KEY ("antenna_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegates" ADD CONSTRAINT "delegates_designated_by_users_id_fk" FOREIGN KEY ("designated_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegates" ADD CONSTRAINT "delegates_accredited_by_users_id_fk" FOREIGN KEY ("accredited_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegates" ADD CONSTRAINT "delegates_accredited_site_id_meeting_sites_id_fk" FOREIGN KEY ("accredited_site_id") REFERENCES "public"."meeting_sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_requests" ADD CONSTRAINT "speaker_requests_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_requests" ADD CONSTRAINT "speaker_requests_item_id_agenda_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."agenda_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_requests" ADD CONSTRAINT "speaker_requests_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_requests" ADD CONSTRAINT "speaker_requests_site_id_meeting_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."meeting_sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_requests" ADD CONSTRAINT "speaker_requests_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delegates_antenna_idx" ON "delegates" USING btree ("meeting_id","antenna_id");--> statement-breakpoint
CREATE INDEX "speaker_requests_item_idx" ON "speaker_requests" USING btree ("item_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "speaker_requests_one_waiting" ON "speaker_requests" USING btree ("item_id","person_id","point_of_order") WHERE "speaker_requests"."status" in ('waiting', 'speaking');--> statement-breakpoint
CREATE UNIQUE INDEX "speaker_requests_one_speaking" ON "speaker_requests" USING btree ("meeting_id") WHERE "speaker_requests"."status" = 'speaking';