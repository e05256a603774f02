CREATE TYPE "public"."conversation_status" AS ENUM('open', 'snoozed', 'closed');--> statement-breakpoint
CREATE TYPE "public"."message_channel" AS ENUM('email', 'sms', 'whatsapp', 'form', 'note');--> statement-breakpoint
CREATE TYPE "public"."message_direction" AS ENUM('inbound', 'outbound', 'internal');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('received', 'queued', 'sent', 'delivered', 'read', 'failed');--> statement-breakpoint
CREATE TABLE "conversation_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"direction" "message_direction" NOT NULL,
	"channel" "message_channel" NOT NULL,
	"status" "message_status" NOT NULL,
	"error" text,
	"subject" text,
	"body" text NOT NULL,
	"fields" jsonb,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"author_user_id" uuid,
	"template" text,
	"outbox_message_id" uuid,
	"provider_message_id" text,
	"email_message_id" text,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce("conversation_messages"."subject", '') || ' ' || "conversation_messages"."body")) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" "conversation_status" DEFAULT 'open' NOT NULL,
	"snoozed_until" timestamp with time zone,
	"assigned_user_id" uuid,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_preview" text DEFAULT '' NOT NULL,
	"last_inbound_channel" "message_channel",
	"last_whatsapp_inbound_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messaging_channel_settings" (
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"routing_key" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets" text NOT NULL,
	"secret_hints" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_channel_settings_project_id_channel_pk" PRIMARY KEY("project_id","channel")
);
--> statement-breakpoint
CREATE TABLE "messaging_opt_outs" (
	"project_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_opt_outs_project_id_channel_address_pk" PRIMARY KEY("project_id","channel","address")
);
--> statement-breakpoint
CREATE TABLE "messaging_webhook_deliveries" (
	"provider" text NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_webhook_deliveries_provider_delivery_id_pk" PRIMARY KEY("provider","delivery_id")
);
--> statement-breakpoint
CREATE TABLE "quick_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "headers" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "whatsapp_template" jsonb;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_outbox_message_id_outbox_messages_id_fk" FOREIGN KEY ("outbox_message_id") REFERENCES "public"."outbox_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assigned_user_id_users_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_channel_settings" ADD CONSTRAINT "messaging_channel_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_channel_settings" ADD CONSTRAINT "messaging_channel_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_opt_outs" ADD CONSTRAINT "messaging_opt_outs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_replies" ADD CONSTRAINT "quick_replies_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_replies" ADD CONSTRAINT "quick_replies_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_messages_thread_idx" ON "conversation_messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_messages_provider_idx" ON "conversation_messages" USING btree ("channel","provider_message_id") WHERE provider_message_id is not null;--> statement-breakpoint
CREATE INDEX "conversation_messages_email_id_idx" ON "conversation_messages" USING btree ("email_message_id") WHERE email_message_id is not null;--> statement-breakpoint
CREATE INDEX "conversation_messages_outbox_idx" ON "conversation_messages" USING btree ("outbox_message_id") WHERE outbox_message_id is not null;--> statement-breakpoint
CREATE INDEX "conversation_messages_search_idx" ON "conversation_messages" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_customer_idx" ON "conversations" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "conversations_project_last_idx" ON "conversations" USING btree ("project_id","last_message_at");--> statement-breakpoint
CREATE INDEX "conversations_org_last_idx" ON "conversations" USING btree ("org_id","last_message_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messaging_channel_settings_routing_idx" ON "messaging_channel_settings" USING btree ("channel","routing_key") WHERE routing_key is not null;--> statement-breakpoint
CREATE INDEX "quick_replies_project_idx" ON "quick_replies" USING btree ("project_id");--> statement-breakpoint
-- Contact-form messages move into the inbox: each sender becomes (or is found as) the project's
-- customer by email, with one conversation holding their messages, every field kept.
INSERT INTO "customers" ("org_id", "project_id", "name", "email", "phone")
SELECT DISTINCT ON ("project_id", lower("data"->>'email')) "org_id", "project_id", coalesce(nullif(trim("data"->>'name'), ''), 'Customer'), lower("data"->>'email'), nullif("data"->>'phone', '')
FROM "form_submissions" WHERE coalesce("data"->>'email', '') <> ''
ORDER BY "project_id", lower("data"->>'email'), "created_at"
ON CONFLICT ("project_id", "email") WHERE email is not null DO NOTHING;--> statement-breakpoint
INSERT INTO "conversations" ("org_id", "project_id", "customer_id", "unread_count", "last_message_at", "last_inbound_channel")
SELECT c."org_id", c."project_id", c."id", count(*), max(f."created_at"), 'form'
FROM "form_submissions" f JOIN "customers" c ON c."project_id" = f."project_id" AND c."email" = lower(f."data"->>'email')
GROUP BY c."org_id", c."project_id", c."id"
ON CONFLICT ("customer_id") DO NOTHING;--> statement-breakpoint
INSERT INTO "conversation_messages" ("org_id", "project_id", "conversation_id", "direction", "channel", "status", "body", "fields", "created_at")
SELECT f."org_id", f."project_id", v."id", 'inbound', 'form', 'received', coalesce(f."data"->>'message', ''), f."data" || jsonb_build_object('page', f."page_path", 'block', f."block_id"), f."created_at"
FROM "form_submissions" f
JOIN "customers" c ON c."project_id" = f."project_id" AND c."email" = lower(f."data"->>'email')
JOIN "conversations" v ON v."customer_id" = c."id";--> statement-breakpoint
UPDATE "conversations" v SET "last_message_preview" = left(regexp_replace(m."body", '\s+', ' ', 'g'), 140)
FROM (SELECT DISTINCT ON ("conversation_id") "conversation_id", "body" FROM "conversation_messages" ORDER BY "conversation_id", "created_at" DESC) m
WHERE m."conversation_id" = v."id" AND v."last_message_preview" = '';--> statement-breakpoint
DROP TABLE "form_submissions" CASCADE;
