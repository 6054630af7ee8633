-- Minutes approved by a second person when the assembly asks for it (issue 20): the setting, and
-- who wrote the current text of each version (null: its creator, as every version before this).
ALTER TABLE "assemblies" ADD COLUMN "minutes_second_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "minutes" ADD COLUMN "edited_by" text;--> statement-breakpoint
ALTER TABLE "minutes" ADD CONSTRAINT "minutes_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;