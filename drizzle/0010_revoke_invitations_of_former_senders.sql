-- Open invitations whose sender is no longer a member with the role to send them (removed,
-- demoted, left or deleted before this rule existed) are revoked, as removal now does.
UPDATE "invitations" AS "i" SET "revoked_at" = now()
WHERE "i"."accepted_at" IS NULL AND "i"."declined_at" IS NULL AND "i"."revoked_at" IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM "memberships" AS "m"
    WHERE "m"."org_id" = "i"."org_id" AND "m"."user_id" = "i"."invited_by"
      AND ("m"."role" = 'owner' OR ("m"."role" = 'admin' AND "i"."role" <> 'owner'))
  );
