CREATE TABLE "archive_register" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"event" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_id" uuid,
	"source" text NOT NULL,
	"reason" text,
	"bundle_sha256" text NOT NULL,
	"bundle_bytes" integer NOT NULL,
	"bundle_disposed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_imports" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"row_key" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"row_number" integer NOT NULL,
	"handler" text,
	"imported_at" timestamp with time zone NOT NULL,
	"imported_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "data_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"outcome" text,
	"decided_at" timestamp with time zone,
	"decided_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "disposal_queue" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"listed_at" timestamp with time zone NOT NULL,
	"retain_until" timestamp with time zone NOT NULL,
	"rule" text NOT NULL,
	"policy_version" integer NOT NULL,
	"disposed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "disposal_register" (
	"id" uuid PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"case_type" text NOT NULL,
	"closed_at" timestamp with time zone,
	"retain_until" timestamp with time zone NOT NULL,
	"rule" text NOT NULL,
	"policy_version" integer NOT NULL,
	"reason" text NOT NULL,
	"disposed_at" timestamp with time zone NOT NULL,
	"disposed_by_id" uuid,
	"removed" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"placed_by_id" uuid,
	"released_at" timestamp with time zone,
	"released_by_id" uuid,
	"release_reason" text
);
--> statement-breakpoint
CREATE TABLE "scheduled_runs" (
	"job" text NOT NULL,
	"period" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"result" jsonb,
	CONSTRAINT "scheduled_runs_job_period_pk" PRIMARY KEY("job","period")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "legal_hold_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "disposed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "archive_register" ADD CONSTRAINT "archive_register_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_register" ADD CONSTRAINT "archive_register_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_imports" ADD CONSTRAINT "case_imports_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_imports" ADD CONSTRAINT "case_imports_imported_by_id_users_id_fk" FOREIGN KEY ("imported_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_queue" ADD CONSTRAINT "disposal_queue_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_register" ADD CONSTRAINT "disposal_register_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_register" ADD CONSTRAINT "disposal_register_disposed_by_id_users_id_fk" FOREIGN KEY ("disposed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_placed_by_id_users_id_fk" FOREIGN KEY ("placed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_released_by_id_users_id_fk" FOREIGN KEY ("released_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "archive_register_at_idx" ON "archive_register" USING btree ("at");--> statement-breakpoint
CREATE INDEX "archive_register_case_idx" ON "archive_register" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_imports_row_key" ON "case_imports" USING btree ("row_key");--> statement-breakpoint
CREATE INDEX "case_imports_import_idx" ON "case_imports" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "data_requests_status_due_idx" ON "data_requests" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "data_requests_customer_idx" ON "data_requests" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "disposal_queue_pending_idx" ON "disposal_queue" USING btree ("listed_at") WHERE "disposal_queue"."disposed_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "disposal_register_case_key" ON "disposal_register" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "disposal_register_at_idx" ON "disposal_register" USING btree ("disposed_at");--> statement-breakpoint
CREATE INDEX "disposal_register_batch_idx" ON "disposal_register" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_holds_active_key" ON "legal_holds" USING btree ("case_id") WHERE "legal_holds"."released_at" IS NULL;--> statement-breakpoint
CREATE INDEX "legal_holds_placed_idx" ON "legal_holds" USING btree ("placed_at");--> statement-breakpoint
CREATE INDEX "cases_closed_idx" ON "cases" USING btree ("closed_at") WHERE "cases"."status" = 'closed';