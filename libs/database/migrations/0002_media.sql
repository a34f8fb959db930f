CREATE TABLE "media" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"storage_key" text NOT NULL,
	"url" text NOT NULL,
	"thumbnail_url" text NOT NULL,
	"usage" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attached_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "media" jsonb;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "avatar_url" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "avatar_thumbnail_url" text;--> statement-breakpoint
CREATE INDEX "media_unused_by_age" ON "media" USING btree ("created_at") WHERE "media"."usage" is null;--> statement-breakpoint
CREATE INDEX "messages_media_id" ON "messages" USING btree ("media_id") WHERE "messages"."media_id" is not null;