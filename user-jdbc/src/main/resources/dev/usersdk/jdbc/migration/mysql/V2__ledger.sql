-- usersdk schema v2: the credit ledger. Amounts are integer micro-credits (6 decimals).
CREATE TABLE usersdk_accounts (
    user_id BINARY(16) NOT NULL PRIMARY KEY,
    balance BIGINT     NOT NULL,
    held    BIGINT     NOT NULL,
    -- The last line of defence: no code path may take a balance below what holds reserve, or below 0.
    CONSTRAINT usersdk_accounts_balance_ck CHECK (held >= 0 AND balance >= held),
    CONSTRAINT usersdk_accounts_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE usersdk_ledger_entries (
    id               BINARY(16)   NOT NULL PRIMARY KEY,
    user_id          BINARY(16)   NOT NULL,
    kind             VARCHAR(16)  NOT NULL,
    amount           BIGINT       NOT NULL,
    balance_after    BIGINT       NOT NULL,
    requested        BIGINT       NOT NULL,
    idem_key         VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin,
    memo             VARCHAR(500),
    related_entry_id BINARY(16),
    hold_id          BINARY(16),
    actor_id         BINARY(16),
    created_at       DATETIME(6)  NOT NULL,
    -- The idempotency record: one key is one request per user, whatever its kind.
    UNIQUE KEY usersdk_ledger_entries_key_uq (user_id, idem_key),
    KEY usersdk_ledger_entries_user_ix (user_id, id),
    KEY usersdk_ledger_entries_related_ix (related_entry_id),
    CONSTRAINT usersdk_ledger_entries_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE usersdk_holds (
    id          BINARY(16)   NOT NULL PRIMARY KEY,
    user_id     BINARY(16)   NOT NULL,
    amount      BIGINT       NOT NULL,
    idem_key    VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    captured    BIGINT       NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    expires_at  DATETIME(6)  NOT NULL,
    resolved_at DATETIME(6),
    KEY usersdk_holds_expiry_ix (status, expires_at),
    KEY usersdk_holds_user_ix (user_id, status, expires_at),
    CONSTRAINT usersdk_holds_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
