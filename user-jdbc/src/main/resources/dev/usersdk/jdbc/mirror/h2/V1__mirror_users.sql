-- usersdk mirror schema v1, in the mirroring service's own database (its own history table,
-- usersdk_mirror_schema_history). One row per user of the owning service: the owner's fields as of
-- the newest version applied (or a tombstone: deleted, personal columns cleared), and the host's own
-- fields as one JSON object that events never write.
CREATE TABLE usersdk_mirror_users (
    user_id             UUID          NOT NULL PRIMARY KEY,
    version             BIGINT        NOT NULL,
    deleted             BOOLEAN       NOT NULL,
    email               VARCHAR(320),
    email_verified      BOOLEAN,
    status              VARCHAR(16),
    is_admin            BOOLEAN,
    name                VARCHAR(200),
    company             VARCHAR(200),
    phone               VARCHAR(32),
    telegram            VARCHAR(33),
    picture_url         VARCHAR(2048),
    auth_provider       VARCHAR(32),
    created_at          TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE,
    approved_at         TIMESTAMP WITH TIME ZONE,
    approved_by         UUID,
    password_changed_at TIMESTAMP WITH TIME ZONE,
    last_login_at       TIMESTAMP WITH TIME ZONE,
    applied_at          TIMESTAMP WITH TIME ZONE   NOT NULL,
    host_fields         TEXT          NOT NULL
);
CREATE INDEX usersdk_mirror_users_email_ix ON usersdk_mirror_users (email);

-- What the mirror keeps about itself: its change-feed cursor, its last successful sync.
CREATE TABLE usersdk_mirror_state (
    name        VARCHAR(64)   NOT NULL PRIMARY KEY,
    state_value VARCHAR(1000) NOT NULL
);
