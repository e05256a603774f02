-- No double booking, enforced by PostgreSQL: two active bookings of the same resource and
-- seat cannot have overlapping blocked ranges (appointment plus buffers). btree_gist lets
-- the uuid/int equality share one GiST index with the range overlap; it is a trusted
-- extension, so a database owner can create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist ("resource_id" WITH =, "seat" WITH =, "blocked" WITH &&)
  WHERE ("status" IN ('pending', 'pending_payment', 'confirmed'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_time_order" CHECK ("ends_at" > "starts_at" AND lower("blocked") <= "starts_at" AND upper("blocked") >= "ends_at");
