-- usersdk schema v2: the credit ledger. Amounts are integer micro-credits (6 decimals).
CREATE TABLE usersdk_accounts (
    user_id UUID   NOT NULL PRIMARY KEY REFERENCES usersdk_users (id) ON DELETE CASCADE,
    balance BIGINT NOT NULL,
    held    BIGINT NOT NULL,
    -- The last line of defence: no code path may take a balance below what holds reserve, or below 0.
    CONSTRAINT usersdk_accounts_balance_ck CHECK (held >= 0 AND balance >= held)
);

CREATE TABLE usersdk_ledger_entries (
    id               UUID         NOT NULL PRIMARY KEY,
    user_id          UUID         NOT NULL REFERENCES usersdk_users (id) ON DELETE CASCADE,
    kind             VARCHAR(16)  NOT NULL,
    amount           BIGINT       NOT NULL,
    balance_after    BIGINT       NOT NULL,
    requested        BIGINT       NOT NULL,
    idem_key         VARCHAR(255),
    memo             VARCHAR(500),
    related_entry_id UUID,
    hold_id          UUID,
    actor_id         UUID,
    created_at       TIMESTAMPTZ  NOT NULL
);
-- The idempotency record: one key is one request per user, whatever its kind.
CREATE UNIQUE INDEX usersdk_ledger_entries_key_uq ON usersdk_ledger_entries (user_id, idem_key);
CREATE INDEX usersdk_ledger_entries_user_ix ON usersdk_ledger_entries (user_id, id);
CREATE INDEX usersdk_ledger_entries_related_ix ON usersdk_ledger_entries (related_entry_id);

CREATE TABLE usersdk_holds (
    id          UUID         NOT NULL PRIMARY KEY,
    user_id     UUID         NOT NULL REFERENCES usersdk_users (id) ON DELETE CASCADE,
    amount      BIGINT       NOT NULL,
    idem_key    VARCHAR(255) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    captured    BIGINT       NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL,
    resolved_at TIMESTAMPTZ
);
CREATE INDEX usersdk_holds_expiry_ix ON usersdk_holds (status, expires_at);
CREATE INDEX usersdk_holds_user_ix ON usersdk_holds (user_id, status, expires_at);
