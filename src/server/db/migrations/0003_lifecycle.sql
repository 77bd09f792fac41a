CREATE TYPE "public"."action_item_status" AS ENUM('open', 'done', 'waived');--> statement-breakpoint
CREATE TYPE "public"."confirmation" AS ENUM('confirmed', 'rejected', 'not_applicable');--> statement-breakpoint
CREATE TYPE "public"."outcome" AS ENUM('upheld', 'partly_upheld', 'not_upheld');--> statement-breakpoint
CREATE TYPE "public"."urgency" AS ENUM('low', 'normal', 'high', 'immediate');--> statement-breakpoint
CREATE TABLE "action_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner_id" uuid,
	"due_date" date,
	"status" "action_item_status" NOT NULL,
	"done_at" timestamp with time zone,
	"waived_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_investigations" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"findings" text,
	"people_interviewed" text,
	"records_reviewed" text,
	"root_cause_category" text,
	"root_cause" text,
	"not_investigated_reason" text,
	"decided_by_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"case_id" uuid,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "audit_heads_unsealed_idx";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "urgency" "urgency";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "impact" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "level_cause" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolve_due_reason" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "paused_minutes" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "acknowledge_outcome" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "assign_outcome" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolve_outcome" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_due_step" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_due_alerted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_escalation_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "outcome" "outcome";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "remedy_amount_minor" bigint;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "remedy_currency" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolved_by_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "verified_by_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "confirmation" "confirmation";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "confirmation_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "confirmation_channel" "channel";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "confirmation_note" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_investigations" ADD CONSTRAINT "case_investigations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_investigations" ADD CONSTRAINT "case_investigations_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_investigations" ADD CONSTRAINT "case_investigations_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_items_case_idx" ON "action_items" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "action_items_owner_idx" ON "action_items" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_resolved_by_id_users_id_fk" FOREIGN KEY ("resolved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_verified_by_id_users_id_fk" FOREIGN KEY ("verified_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_closed_by_id_users_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_next_due_idx" ON "cases" USING btree ("next_due_at") WHERE "cases"."next_due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_next_escalation_idx" ON "cases" USING btree ("next_escalation_at") WHERE "cases"."next_escalation_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_heads_unsealed_idx" ON "audit_heads" USING btree ("stream") WHERE "audit_heads"."seq" > "audit_heads"."sealed_seq";