-- usersdk schema v3: how users prove who they are. Tokens and codes are stored only as lower-case
-- hex hashes, passwords only as encoded hashes. Rows of a user go with the user (ON DELETE CASCADE).
-- Hex hashes and jtis are ASCII with a binary collation: compared byte for byte, 1 byte a character.
CREATE TABLE usersdk_credentials (
    user_id           BINARY(16)   NOT NULL PRIMARY KEY,
    password_hash     VARCHAR(255) NOT NULL,
    failed_attempts   INT          NOT NULL,
    window_started_at DATETIME(6),
    lockouts          INT          NOT NULL,
    locked_until      DATETIME(6),
    updated_at        DATETIME(6)  NOT NULL,
    CONSTRAINT usersdk_credentials_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE usersdk_sessions (
    id         BINARY(16)  NOT NULL PRIMARY KEY,
    user_id    BINARY(16)  NOT NULL,
    created_at DATETIME(6) NOT NULL,
    revoked_at DATETIME(6),
    KEY usersdk_sessions_user_ix (user_id),
    CONSTRAINT usersdk_sessions_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A token goes with its session, and so with the session's user.
CREATE TABLE usersdk_refresh_tokens (
    token_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    session_id BINARY(16)  NOT NULL,
    user_id    BINARY(16)  NOT NULL,
    issued_at  DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    used_at    DATETIME(6),
    KEY usersdk_refresh_tokens_session_ix (session_id),
    KEY usersdk_refresh_tokens_expiry_ix (expires_at),
    CONSTRAINT usersdk_refresh_tokens_session_fk FOREIGN KEY (session_id) REFERENCES usersdk_sessions (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Revoked access tokens by their jti, kept until the token would have expired anyway.
CREATE TABLE usersdk_revoked_tokens (
    jti        VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    expires_at DATETIME(6) NOT NULL,
    KEY usersdk_revoked_tokens_expiry_ix (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One pending registration per canonical email; no user exists yet, so no foreign key.
CREATE TABLE usersdk_registrations (
    email         VARCHAR(320) NOT NULL PRIMARY KEY,
    code_hash     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin,
    password_hash VARCHAR(255),
    name          VARCHAR(200),
    attempts      INT          NOT NULL,
    sent_at       DATETIME(6)  NOT NULL,
    expires_at    DATETIME(6)  NOT NULL,
    KEY usersdk_registrations_expiry_ix (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE usersdk_reset_tokens (
    token_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    user_id    BINARY(16)  NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    KEY usersdk_reset_tokens_user_ix (user_id),
    KEY usersdk_reset_tokens_expiry_ix (expires_at),
    CONSTRAINT usersdk_reset_tokens_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- user_id is NULL for an attempt on an unknown email (the email itself is never stored).
CREATE TABLE usersdk_login_attempts (
    id             BINARY(16)   NOT NULL PRIMARY KEY,
    user_id        BINARY(16),
    outcome        VARCHAR(16)  NOT NULL,
    attempted_at   DATETIME(6)  NOT NULL,
    client_address VARCHAR(64),
    user_agent     VARCHAR(512),
    KEY usersdk_login_attempts_user_ix (user_id, id),
    KEY usersdk_login_attempts_time_ix (attempted_at),
    CONSTRAINT usersdk_login_attempts_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The one shared app password: a single row, id 1.
CREATE TABLE usersdk_app_password (
    id            SMALLINT     NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    version       BIGINT       NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    CONSTRAINT usersdk_app_password_single_ck CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
