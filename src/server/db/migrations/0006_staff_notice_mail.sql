ALTER TABLE "notifications" ADD COLUMN "emailed_at" timestamp with time zone;--> statement-breakpoint
-- Notices from before staff email existed were seen in the app; they are not mailed now.
UPDATE "notifications" SET "emailed_at" = "created_at";--> statement-breakpoint
CREATE INDEX "notifications_unmailed_idx" ON "notifications" USING btree ("created_at") WHERE "notifications"."emailed_at" IS NULL;