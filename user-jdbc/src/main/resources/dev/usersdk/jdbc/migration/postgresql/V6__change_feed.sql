-- usersdk schema v6: the change feed other services' mirrors read (Users.changes). Users are read
-- by their last change, deletions from their own table: ids and versions only, no personal data,
-- kept so a mirror that missed the user.deleted event still learns of it.
CREATE TABLE usersdk_user_deletions (
    user_id    UUID        NOT NULL PRIMARY KEY,
    version    BIGINT      NOT NULL,
    deleted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX usersdk_user_deletions_feed_ix ON usersdk_user_deletions (deleted_at, user_id);
CREATE INDEX usersdk_users_feed_ix ON usersdk_users (updated_at, id);
