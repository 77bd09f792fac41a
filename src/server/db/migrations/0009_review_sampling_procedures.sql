CREATE TABLE "management_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"held_on" date NOT NULL,
	"attendees" jsonb NOT NULL,
	"report_id" uuid,
	"findings" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"version" text NOT NULL,
	"effective_date" date NOT NULL,
	"review_date" date NOT NULL,
	"owner_id" uuid,
	"file_sha256" text,
	"filename" text,
	"content_type" text,
	"review_reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "process_feedback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"author_id" uuid,
	"area" text,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quality_samples" (
	"id" uuid PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"seed" text NOT NULL,
	"population" integer NOT NULL,
	"rule" text NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	"drawn_by_id" uuid,
	CONSTRAINT "quality_samples_period_unique" UNIQUE("period")
);
--> statement-breakpoint
CREATE TABLE "review_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"review_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner_id" uuid,
	"due_date" date,
	"status" text NOT NULL,
	"capa_id" uuid,
	"follow_up_note" text,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sample_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sample_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"reviewer_id" uuid,
	"checklist" jsonb,
	"outcome" text,
	"notes" text,
	"reviewed_at" timestamp with time zone,
	"capa_id" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "management_reviews" ADD CONSTRAINT "management_reviews_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "management_reviews" ADD CONSTRAINT "management_reviews_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_feedback" ADD CONSTRAINT "process_feedback_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_samples" ADD CONSTRAINT "quality_samples_drawn_by_id_users_id_fk" FOREIGN KEY ("drawn_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_review_id_management_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."management_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_capa_id_capas_id_fk" FOREIGN KEY ("capa_id") REFERENCES "public"."capas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_items" ADD CONSTRAINT "sample_items_sample_id_quality_samples_id_fk" FOREIGN KEY ("sample_id") REFERENCES "public"."quality_samples"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_items" ADD CONSTRAINT "sample_items_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_items" ADD CONSTRAINT "sample_items_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_items" ADD CONSTRAINT "sample_items_capa_id_capas_id_fk" FOREIGN KEY ("capa_id") REFERENCES "public"."capas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "management_reviews_held_idx" ON "management_reviews" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "procedures_review_idx" ON "procedures" USING btree ("review_date");--> statement-breakpoint
CREATE INDEX "process_feedback_created_idx" ON "process_feedback" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "review_actions_review_idx" ON "review_actions" USING btree ("review_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sample_items_sample_case_key" ON "sample_items" USING btree ("sample_id","case_id");--> statement-breakpoint
CREATE INDEX "sample_items_reviewer_idx" ON "sample_items" USING btree ("reviewer_id","reviewed_at");