ALTER TABLE "bookings" ADD COLUMN "ics_sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Until now SEQUENCE was the Unix time of the last change, so calendars hold events of bookings
-- that can still change at about 1.8 billion: start those there, so their next update still wins.
UPDATE "bookings" SET "ics_sequence" = floor(extract(epoch from "updated_at"))::integer WHERE "status" in ('pending', 'pending_payment', 'confirmed');
