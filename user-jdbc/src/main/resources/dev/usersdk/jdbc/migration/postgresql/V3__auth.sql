-- usersdk schema v3: how users prove who they are. Tokens and codes are stored only as lower-case
-- hex hashes, passwords only as encoded hashes. Rows of a user go with the user (ON DELETE CASCADE).
-- Hex hashes are VARCHAR(64), not CHAR(64): a CHAR pads a shorter value with spaces on read.
CREATE TABLE usersdk_credentials (
    user_id           UUID         NOT NULL PRIMARY KEY REFERENCES usersdk_users (id) ON DELETE CASCADE,
    password_hash     VARCHAR(255) NOT NULL,
    failed_attempts   INT          NOT NULL,
    window_started_at TIMESTAMPTZ,
    lockouts          INT          NOT NULL,
    locked_until      TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ  NOT NULL
);

CREATE TABLE usersdk_sessions (
    id         UUID        NOT NULL PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES usersdk_users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX usersdk_sessions_user_ix ON usersdk_sessions (user_id);

-- A token goes with its session, and so with the session's user.
CREATE TABLE usersdk_refresh_tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    session_id UUID        NOT NULL REFERENCES usersdk_sessions (id) ON DELETE CASCADE,
    user_id    UUID        NOT NULL,
    issued_at  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX usersdk_refresh_tokens_session_ix ON usersdk_refresh_tokens (session_id);
CREATE INDEX usersdk_refresh_tokens_expiry_ix ON usersdk_refresh_tokens (expires_at);

-- Revoked access tokens by their jti, kept until the token would have expired anyway.
CREATE TABLE usersdk_revoked_tokens (
    jti        VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX usersdk_revoked_tokens_expiry_ix ON usersdk_revoked_tokens (expires_at);

-- One pending registration per canonical email; no user exists yet, so no foreign key.
CREATE TABLE usersdk_registrations (
    email         VARCHAR(320) NOT NULL PRIMARY KEY,
    code_hash     VARCHAR(64),
    password_hash VARCHAR(255),
    name          VARCHAR(200),
    attempts      INT          NOT NULL,
    sent_at       TIMESTAMPTZ  NOT NULL,
    expires_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX usersdk_registrations_expiry_ix ON usersdk_registrations (expires_at);

CREATE TABLE usersdk_reset_tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES usersdk_users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX usersdk_reset_tokens_user_ix ON usersdk_reset_tokens (user_id);
CREATE INDEX usersdk_reset_tokens_expiry_ix ON usersdk_reset_tokens (expires_at);

-- user_id is NULL for an attempt on an unknown email (the email itself is never stored).
CREATE TABLE usersdk_login_attempts (
    id             UUID         NOT NULL PRIMARY KEY,
    user_id        UUID         REFERENCES usersdk_users (id) ON DELETE CASCADE,
    outcome        VARCHAR(16)  NOT NULL,
    attempted_at   TIMESTAMPTZ  NOT NULL,
    client_address VARCHAR(64),
    user_agent     VARCHAR(512)
);
CREATE INDEX usersdk_login_attempts_user_ix ON usersdk_login_attempts (user_id, id);
CREATE INDEX usersdk_login_attempts_time_ix ON usersdk_login_attempts (attempted_at);

-- The one shared app password: a single row, id 1.
CREATE TABLE usersdk_app_password (
    id            SMALLINT     NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    version       BIGINT       NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    CONSTRAINT usersdk_app_password_single_ck CHECK (id = 1)
);
