ALTER TABLE "analytics_rollups" ADD COLUMN "filter_dimension" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_rollups" ADD COLUMN "filter_value" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_rollups" DROP CONSTRAINT "analytics_rollups_project_id_last_day_first_day_dimension_value_pk";--> statement-breakpoint
ALTER TABLE "analytics_rollups" ADD CONSTRAINT "analytics_rollups_pk" PRIMARY KEY("project_id","filter_dimension","filter_value","last_day","first_day","dimension","value");--> statement-breakpoint
ALTER TABLE "analytics_rollup_state" ADD COLUMN "filter_slices" boolean DEFAULT false NOT NULL;
