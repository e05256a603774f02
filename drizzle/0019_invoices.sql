CREATE TABLE "invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"quantity_milli" integer NOT NULL,
	"unit_price_minor" integer NOT NULL,
	"discount_minor" integer DEFAULT 0 NOT NULL,
	"tax_rate" integer NOT NULL,
	"amount_minor" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"amount_minor" integer NOT NULL,
	"method" text NOT NULL,
	"paid_on" date NOT NULL,
	"payment_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_profiles" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"legal_name" text NOT NULL,
	"tax_id" text NOT NULL,
	"address_lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"email" text,
	"phone" text,
	"logo_media_id" uuid,
	"accent_color" text,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"default_tax_rate" integer DEFAULT 2100 NOT NULL,
	"prices_include_tax" boolean DEFAULT true NOT NULL,
	"payment_terms_days" integer DEFAULT 0 NOT NULL,
	"payment_terms" text DEFAULT '' NOT NULL,
	"footer" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"booking_invoices" text DEFAULT 'on_demand' NOT NULL,
	"automatic_since" timestamp with time zone,
	"booking_invoice_kind" text DEFAULT 'simplified' NOT NULL,
	"verifactu" boolean DEFAULT false NOT NULL,
	"verifactu_environment" text DEFAULT 'test' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"prefix" text NOT NULL,
	"yearly_reset" boolean DEFAULT true NOT NULL,
	"first_number" integer DEFAULT 1 NOT NULL,
	"digits" integer DEFAULT 4 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_series_counters" (
	"series_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"next_number" integer NOT NULL,
	"last_issue_date" date,
	CONSTRAINT "invoice_series_counters_series_id_year_pk" PRIMARY KEY("series_id","year")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"series_id" uuid,
	"year" integer,
	"sequence" integer,
	"number" text,
	"issue_date" date,
	"due_date" date,
	"customer_id" uuid,
	"issuer" jsonb,
	"customer" jsonb,
	"currency" text NOT NULL,
	"prices_include_tax" boolean NOT NULL,
	"base_minor" integer DEFAULT 0 NOT NULL,
	"tax_minor" integer DEFAULT 0 NOT NULL,
	"total_minor" integer DEFAULT 0 NOT NULL,
	"paid_minor" integer DEFAULT 0 NOT NULL,
	"corrects_invoice_id" uuid,
	"correction_reason" text,
	"booking_id" uuid,
	"payment_id" uuid,
	"refund_id" uuid,
	"payment_terms" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"footer" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"void_reason" text,
	"sent_at" timestamp with time zone,
	"issued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_issued_have_numbers" CHECK (status = 'draft' or (number is not null and issue_date is not null and issuer is not null))
);
--> statement-breakpoint
CREATE TABLE "verifactu_chains" (
	"org_id" uuid NOT NULL,
	"issuer_tax_id" text NOT NULL,
	"length" integer DEFAULT 0 NOT NULL,
	"last_record_id" bigint,
	CONSTRAINT "verifactu_chains_org_id_issuer_tax_id_pk" PRIMARY KEY("org_id","issuer_tax_id")
);
--> statement-breakpoint
CREATE TABLE "verifactu_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "verifactu_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"project_id" uuid,
	"issuer_tax_id" text NOT NULL,
	"position" integer NOT NULL,
	"invoice_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"record" jsonb NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"huella" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_profiles" ADD CONSTRAINT "invoice_profiles_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_profiles" ADD CONSTRAINT "invoice_profiles_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_profiles" ADD CONSTRAINT "invoice_profiles_logo_media_id_media_assets_id_fk" FOREIGN KEY ("logo_media_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_series" ADD CONSTRAINT "invoice_series_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_series" ADD CONSTRAINT "invoice_series_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_series_counters" ADD CONSTRAINT "invoice_series_counters_series_id_invoice_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."invoice_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_series_id_invoice_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."invoice_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_refund_id_payment_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."payment_refunds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifactu_chains" ADD CONSTRAINT "verifactu_chains_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifactu_records" ADD CONSTRAINT "verifactu_records_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifactu_records" ADD CONSTRAINT "verifactu_records_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifactu_records" ADD CONSTRAINT "verifactu_records_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_position_idx" ON "invoice_lines" USING btree ("invoice_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_series_purpose_idx" ON "invoice_series" USING btree ("project_id","purpose");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_series_number_idx" ON "invoices" USING btree ("series_id","year","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_payment_idx" ON "invoices" USING btree ("payment_id") WHERE kind <> 'credit_note';--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_refund_idx" ON "invoices" USING btree ("refund_id");--> statement-breakpoint
CREATE INDEX "invoices_project_created_idx" ON "invoices" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "invoices_booking_idx" ON "invoices" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "invoices_corrects_idx" ON "invoices" USING btree ("corrects_invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "verifactu_records_chain_idx" ON "verifactu_records" USING btree ("org_id","issuer_tax_id","position");--> statement-breakpoint
CREATE INDEX "verifactu_records_invoice_idx" ON "verifactu_records" USING btree ("invoice_id");
--> statement-breakpoint
-- Nothing issued is ever edited (the law, and VeriFactu's chain, rely on it): the database
-- refuses it even if the application had a bug. Payment state, sending and voiding stay possible.
CREATE FUNCTION invoices_issued_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND (
    NEW.kind IS DISTINCT FROM OLD.kind OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.series_id IS DISTINCT FROM OLD.series_id AND NEW.series_id IS NOT NULL
    OR NEW.year IS DISTINCT FROM OLD.year OR NEW.sequence IS DISTINCT FROM OLD.sequence
    OR NEW.issue_date IS DISTINCT FROM OLD.issue_date OR NEW.issuer IS DISTINCT FROM OLD.issuer
    OR NEW.customer IS DISTINCT FROM OLD.customer OR NEW.currency IS DISTINCT FROM OLD.currency
    OR NEW.base_minor IS DISTINCT FROM OLD.base_minor OR NEW.tax_minor IS DISTINCT FROM OLD.tax_minor
    OR NEW.total_minor IS DISTINCT FROM OLD.total_minor OR NEW.corrects_invoice_id IS DISTINCT FROM OLD.corrects_invoice_id
    OR NEW.status = 'draft'
  ) THEN
    RAISE EXCEPTION 'issued invoice % cannot be changed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_issued_are_immutable BEFORE UPDATE ON "invoices" FOR EACH ROW EXECUTE FUNCTION invoices_issued_are_immutable();
--> statement-breakpoint
CREATE FUNCTION invoice_lines_of_issued_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND status <> 'draft') THEN
    RAISE EXCEPTION 'lines of issued invoice % cannot be changed', NEW.invoice_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoice_lines_of_issued_are_immutable BEFORE INSERT OR UPDATE ON "invoice_lines" FOR EACH ROW EXECUTE FUNCTION invoice_lines_of_issued_are_immutable();
--> statement-breakpoint
CREATE FUNCTION verifactu_records_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only the site link may go (set null when the site is deleted; the record stays).
  IF (NEW.id, NEW.org_id, NEW.issuer_tax_id, NEW.position, NEW.invoice_id, NEW.kind, NEW.record, NEW.details, NEW.huella, NEW.created_at)
     IS DISTINCT FROM (OLD.id, OLD.org_id, OLD.issuer_tax_id, OLD.position, OLD.invoice_id, OLD.kind, OLD.record, OLD.details, OLD.huella, OLD.created_at) THEN
    RAISE EXCEPTION 'VeriFactu records cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER verifactu_records_are_immutable BEFORE UPDATE ON "verifactu_records" FOR EACH ROW EXECUTE FUNCTION verifactu_records_are_immutable();
