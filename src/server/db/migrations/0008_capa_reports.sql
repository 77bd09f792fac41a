CREATE TABLE "capa_cases" (
	"capa_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	CONSTRAINT "capa_cases_capa_id_case_id_pk" PRIMARY KEY("capa_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "capas" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"root_cause_category" text,
	"root_cause" text,
	"owner_id" uuid,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"effectiveness_check_date" date,
	"effectiveness_result" text,
	"effectiveness_evidence" text,
	"checked_at" timestamp with time zone,
	"checked_by_id" uuid,
	"lessons_learned" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "capas_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"figures" jsonb NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by_id" uuid,
	"distributed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "capa_cases" ADD CONSTRAINT "capa_cases_capa_id_capas_id_fk" FOREIGN KEY ("capa_id") REFERENCES "public"."capas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capa_cases" ADD CONSTRAINT "capa_cases_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capas" ADD CONSTRAINT "capas_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capas" ADD CONSTRAINT "capas_checked_by_id_users_id_fk" FOREIGN KEY ("checked_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capas" ADD CONSTRAINT "capas_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_generated_by_id_users_id_fk" FOREIGN KEY ("generated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capa_cases_case_idx" ON "capa_cases" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "capas_status_due_idx" ON "capas" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "capas_owner_idx" ON "capas" USING btree ("owner_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_kind_period_key" ON "reports" USING btree ("kind","period");