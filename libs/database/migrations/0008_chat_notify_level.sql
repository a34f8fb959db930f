-- Per member, which of a chat's messages may become a push notification: all, mentions and
-- replies only, or none. Everyone starts with all, as before push existed.
ALTER TABLE "chat_members" ADD COLUMN "notify" text DEFAULT 'all' NOT NULL;
