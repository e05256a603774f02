CREATE TABLE "stored_pages" (
	"project_id" uuid NOT NULL,
	"host" text NOT NULL,
	"path" text NOT NULL,
	"build_id" text NOT NULL,
	"locale" text NOT NULL,
	"page_path" text NOT NULL,
	"page_published_at" timestamp (3) with time zone NOT NULL,
	"project_updated_at" timestamp (3) with time zone NOT NULL,
	"content_type" text NOT NULL,
	"etag" text NOT NULL,
	"body" text NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_pages_project_id_host_path_build_id_pk" PRIMARY KEY("project_id","host","path","build_id")
);
--> statement-breakpoint
ALTER TABLE "stored_pages" ADD CONSTRAINT "stored_pages_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stored_pages_page_idx" ON "stored_pages" USING btree ("project_id","locale","page_path");--> statement-breakpoint
CREATE INDEX "stored_pages_rendered_idx" ON "stored_pages" USING btree ("rendered_at");