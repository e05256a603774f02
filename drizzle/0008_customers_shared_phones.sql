DROP INDEX "customers_project_phone_idx";--> statement-breakpoint
CREATE INDEX "customers_project_phone_idx" ON "customers" USING btree ("project_id","phone") WHERE phone is not null;