CREATE TABLE "notification_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"send_nothing" boolean DEFAULT false NOT NULL,
	"events" jsonb DEFAULT '{"booking_confirmed":{"email":true},"booking_requested":{"email":true},"booking_rescheduled":{"email":true},"booking_cancelled":{"email":true},"booking_rejected":{"email":true},"reminder":{"email":true},"payment_received":{"email":true},"refund":{"email":true}}'::jsonb NOT NULL,
	"owner_new_booking" boolean DEFAULT true NOT NULL,
	"owner_new_message" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;