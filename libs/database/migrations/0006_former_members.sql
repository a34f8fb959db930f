CREATE TABLE "chat_former_members" (
	"chat_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"left_at" timestamp with time zone NOT NULL,
	"last_read_seq" integer NOT NULL,
	"last_delivered_seq" integer NOT NULL,
	CONSTRAINT "chat_former_members_chat_id_user_id_pk" PRIMARY KEY("chat_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "chat_former_members" ADD CONSTRAINT "chat_former_members_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_former_members_recent" ON "chat_former_members" USING btree ("chat_id","left_at");--> statement-breakpoint
-- Those who left or were removed before this table existed, as their groups' system messages
-- tell it (the last such message per person), unless they are members again. Their marks were
-- not kept: they start from 0.
INSERT INTO "chat_former_members" ("chat_id", "user_id", "left_at", "last_read_seq", "last_delivered_seq")
SELECT DISTINCT ON (m."chat_id", gone."user_id") m."chat_id", gone."user_id"::uuid, m."created_at", 0, 0
FROM "messages" m
CROSS JOIN LATERAL jsonb_array_elements_text(m."system"->'userIds') AS gone("user_id")
WHERE m."kind" = 'system'
  AND m."system"->>'type' IN ('member_left', 'member_removed')
  AND NOT EXISTS (
    SELECT 1 FROM "chat_members" cm
    WHERE cm."chat_id" = m."chat_id" AND cm."user_id" = gone."user_id"::uuid
  )
ORDER BY m."chat_id", gone."user_id", m."created_at" DESC
ON CONFLICT DO NOTHING;
