-- usersdk schema v8: second factors and emailed codes. A TOTP key is stored sealed (AES-GCM under the host's key),
-- recovery codes and challenges only as hex hashes. Rows of a user go with the user.
CREATE TABLE usersdk_totp (
    user_id        BINARY(16)   NOT NULL PRIMARY KEY,
    sealed_secret  VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at     DATETIME(6)  NOT NULL,
    confirmed_at   DATETIME(6),
    last_used_step BIGINT       NOT NULL,
    failures       INT          NOT NULL,
    blocked_until  DATETIME(6),
    updated_at     DATETIME(6)  NOT NULL,
    CONSTRAINT usersdk_totp_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE usersdk_recovery_codes (
    user_id    BINARY(16)  NOT NULL,
    code_hash  VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at DATETIME(6) NOT NULL,
    used_at    DATETIME(6),
    PRIMARY KEY (user_id, code_hash),
    CONSTRAINT usersdk_recovery_codes_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A login waiting for its second factor.
CREATE TABLE usersdk_mfa_challenges (
    token_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    user_id    BINARY(16)  NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    KEY usersdk_mfa_challenges_expiry_ix (expires_at),
    CONSTRAINT usersdk_mfa_challenges_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- When the session last proved a second factor: its refreshed tokens keep saying so.
ALTER TABLE usersdk_sessions ADD COLUMN second_factor_at DATETIME(6);

-- Codes (and links) sent by email: to verify an address, confirm an email change, sign in without
-- a password. One per purpose and subject (a user id, or the address signing in); user_id is NULL
-- for a sign-in by an address without an account.
CREATE TABLE usersdk_email_codes (
    purpose    VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    subject    VARCHAR(320) NOT NULL,
    user_id    BINARY(16),
    email      VARCHAR(320) NOT NULL,
    code_hash  VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    link_hash  VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin,
    attempts   INT          NOT NULL,
    sends      INT          NOT NULL,
    sent_at    DATETIME(6)  NOT NULL,
    expires_at DATETIME(6)  NOT NULL,
    window_started_at DATETIME(6) NOT NULL,
    PRIMARY KEY (purpose, subject),
    UNIQUE KEY usersdk_email_codes_link_uq (link_hash),
    KEY usersdk_email_codes_expiry_ix (expires_at),
    CONSTRAINT usersdk_email_codes_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
