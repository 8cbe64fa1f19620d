-- usersdk schema v8: second factors. A TOTP key is stored sealed (AES-GCM under the host's key),
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
