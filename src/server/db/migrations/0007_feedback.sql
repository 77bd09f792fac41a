CREATE TABLE "feedback_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"emailed_to" text,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "feedback_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"invitation_id" uuid NOT NULL,
	"satisfaction" smallint NOT NULL,
	"resolved" boolean NOT NULL,
	"handling_satisfaction" smallint NOT NULL,
	"comment" text,
	"channel" "channel" NOT NULL,
	"recorded_by_id" uuid,
	"answered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback_invitations" ADD CONSTRAINT "feedback_invitations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_invitation_id_feedback_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."feedback_invitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_invitations_case_idx" ON "feedback_invitations" USING btree ("case_id","invited_at");--> statement-breakpoint
CREATE INDEX "feedback_invitations_remind_idx" ON "feedback_invitations" USING btree ("remind_at");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_responses_invitation_key" ON "feedback_responses" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "feedback_responses_answered_idx" ON "feedback_responses" USING btree ("answered_at");