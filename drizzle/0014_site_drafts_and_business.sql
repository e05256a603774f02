ALTER TABLE "projects" ADD COLUMN "business" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "currency" text DEFAULT 'EUR' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "site_published_at" timestamp with time zone;--> statement-breakpoint
-- Sites created before drafts existed were live from their creation: they stay live.
UPDATE "projects" SET "site_published_at" = "created_at";
