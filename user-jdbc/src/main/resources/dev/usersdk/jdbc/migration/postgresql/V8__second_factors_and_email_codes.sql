-- usersdk schema v8: second factors and emailed codes. A TOTP key is stored sealed (AES-GCM under the host's key),
-- recovery codes and challenges only as hex hashes. Rows of a user go with the user.
CREATE TABLE usersdk_totp (
    user_id        UUID         NOT NULL PRIMARY KEY,
    sealed_secret  VARCHAR(255) NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    confirmed_at   TIMESTAMPTZ,
    last_used_step BIGINT       NOT NULL,
    failures       INT          NOT NULL,
    blocked_until  TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ  NOT NULL,
    CONSTRAINT usersdk_totp_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
);

CREATE TABLE usersdk_recovery_codes (
    user_id    UUID        NOT NULL,
    code_hash  VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, code_hash),
    CONSTRAINT usersdk_recovery_codes_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
);

-- A login waiting for its second factor.
CREATE TABLE usersdk_mfa_challenges (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id    UUID        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT usersdk_mfa_challenges_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
);
CREATE INDEX usersdk_mfa_challenges_user_ix ON usersdk_mfa_challenges (user_id);
CREATE INDEX usersdk_mfa_challenges_expiry_ix ON usersdk_mfa_challenges (expires_at);

-- When the session last proved a second factor: its refreshed tokens keep saying so.
ALTER TABLE usersdk_sessions ADD COLUMN second_factor_at TIMESTAMPTZ;

-- Codes (and links) sent by email: to verify an address, confirm an email change, sign in without
-- a password. One per purpose and subject (a user id, or the address signing in); user_id is NULL
-- for a sign-in by an address without an account.
CREATE TABLE usersdk_email_codes (
    purpose    VARCHAR(16)  NOT NULL,
    subject    VARCHAR(320) NOT NULL,
    user_id    UUID         REFERENCES usersdk_users (id) ON DELETE CASCADE,
    email      VARCHAR(320) NOT NULL,
    code_hash  VARCHAR(64)  NOT NULL,
    link_hash  VARCHAR(64),
    attempts   INT          NOT NULL,
    sends      INT          NOT NULL,
    sent_at    TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    window_started_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (purpose, subject)
);
CREATE UNIQUE INDEX usersdk_email_codes_link_uq ON usersdk_email_codes (link_hash);
CREATE INDEX usersdk_email_codes_user_ix ON usersdk_email_codes (user_id);
CREATE INDEX usersdk_email_codes_expiry_ix ON usersdk_email_codes (expires_at);
