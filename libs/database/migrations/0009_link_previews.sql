-- Link previews: the previews the server adds to a message after its send (title, description,
-- site name, our copy of the page's picture), [] until then and for every message stored before.
-- The partial index finds the messages showing a preview's picture, for "may this person see it".
ALTER TABLE "messages" ADD COLUMN "previews" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_preview_images" ON "messages" USING gin ("previews" jsonb_path_ops) WHERE "messages"."previews" <> '[]'::jsonb;