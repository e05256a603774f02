CREATE TABLE "analytics_rollup_state" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"covered_until" timestamp with time zone NOT NULL,
	"covered_id" bigint NOT NULL,
	"time_zone" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_rollups" (
	"project_id" uuid NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	"visitors" integer NOT NULL,
	"pageviews" integer NOT NULL,
	"sessions" integer NOT NULL,
	"bounces" integer NOT NULL,
	"duration_micros" bigint NOT NULL,
	CONSTRAINT "analytics_rollups_project_id_last_day_first_day_dimension_value_pk" PRIMARY KEY("project_id","last_day","first_day","dimension","value")
);
--> statement-breakpoint
ALTER TABLE "analytics_daily" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "analytics_daily" CASCADE;--> statement-breakpoint
ALTER TABLE "analytics_rollup_state" ADD CONSTRAINT "analytics_rollup_state_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_rollups" ADD CONSTRAINT "analytics_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_events_project_visitor_idx" ON "analytics_events" USING btree ("project_id","visitor_hash");--> statement-breakpoint
CREATE INDEX "analytics_events_project_session_idx" ON "analytics_events" USING btree ("project_id","session_hash");--> statement-breakpoint
CREATE INDEX "analytics_events_project_id_idx" ON "analytics_events" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "analytics_events_project_custom_idx" ON "analytics_events" USING btree ("project_id","name","occurred_at") WHERE name <> 'pageview';