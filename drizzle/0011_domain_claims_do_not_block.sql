ALTER TABLE "project_domains" DROP CONSTRAINT "project_domains_hostname_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "project_domains_hostname_project_unique" ON "project_domains" USING btree ("hostname","project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_domains_verified_hostname_unique" ON "project_domains" USING btree ("hostname") WHERE verified_at is not null;