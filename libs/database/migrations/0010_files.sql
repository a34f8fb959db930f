-- Files: any attachment besides images (documents, archives, audio, video, voice messages).
-- Every stored upload so far is an image. The owner index serves the per-person storage quota.
ALTER TABLE "media" ADD COLUMN "kind" text DEFAULT 'image' NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "file_name" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "duration_ms" integer;--> statement-breakpoint
CREATE INDEX "media_owner" ON "media" USING btree ("owner_id");