-- usersdk schema v5: user events. The outbox is insert-only (pruned after delivery); each event has
-- one delivery row per subscription. No foreign key to the users: a deleted user's tombstone must
-- still go out.
CREATE TABLE usersdk_outbox (
    seq        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         UUID  NOT NULL,
    user_id    UUID  NOT NULL,
    type       VARCHAR(64) NOT NULL,
    payload    CLOB        NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT usersdk_outbox_id_uq UNIQUE (id)
);
CREATE INDEX usersdk_outbox_created_ix ON usersdk_outbox (created_at);

CREATE TABLE usersdk_deliveries (
    subscription    VARCHAR(100) NOT NULL,
    seq             BIGINT       NOT NULL,
    user_id         UUID   NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE  NOT NULL,
    last_error      VARCHAR(500),
    delivered_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (subscription, seq)
);
-- What is due, and what of one user is still pending (per-user order).
CREATE INDEX usersdk_deliveries_due_ix ON usersdk_deliveries (subscription, status, seq);
CREATE INDEX usersdk_deliveries_user_ix ON usersdk_deliveries (subscription, user_id, status, seq);
CREATE INDEX usersdk_deliveries_seq_ix ON usersdk_deliveries (seq);
