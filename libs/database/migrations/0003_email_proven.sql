ALTER TABLE "users" ADD COLUMN "email_proven_at" timestamp with time zone;--> statement-breakpoint
-- Accounts made by a sign-in code proved their address when they were made; accounts registered
-- with a password did not, and their first sign-in by code takes them back for the address owner.
UPDATE "users" SET "email_proven_at" = "created_at" WHERE "password_hash" IS NULL;
