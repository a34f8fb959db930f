-- Every account gets a handle. Existing ones start from their address' local part as a handle can
-- spell it, made unique with the random end of their id; people pick their own later.
ALTER TABLE "users" ADD COLUMN "handle" text;--> statement-breakpoint
UPDATE "users" SET "handle" =
  left(
    CASE WHEN length(regexp_replace(lower(split_part("email", '@', 1)), '[^a-z0-9_]', '', 'g')) >= 3
      THEN regexp_replace(lower(split_part("email", '@', 1)), '[^a-z0-9_]', '', 'g')
      ELSE 'user' END,
    11
  ) || '_' || right(replace("id"::text, '-', ''), 8);--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "handle" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_handle_unique" ON "users" USING btree ("handle");
