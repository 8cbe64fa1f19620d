-- usersdk schema v5: user events. The outbox is insert-only (pruned after delivery); each event has
-- one delivery row per subscription. No foreign key to the users: a deleted user's tombstone must
-- still go out.
CREATE TABLE usersdk_outbox (
    seq        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         UUID  NOT NULL,
    user_id    UUID  NOT NULL,
    type       VARCHAR(64) NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT usersdk_outbox_id_uq UNIQUE (id)
);
CREATE INDEX usersdk_outbox_created_ix ON usersdk_outbox (created_at);

CREATE TABLE usersdk_deliveries (
    subscription    VARCHAR(100) NOT NULL,
    seq             BIGINT       NOT NULL,
    user_id         UUID   NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    last_error      VARCHAR(500),
    delivered_at    TIMESTAMPTZ,
    PRIMARY KEY (subscription, seq)
);
-- What is due, and what of one user is still pending (per-user order). Partial indexes hold only the
-- pending rows, so a claim reads the head of the queue whatever has been delivered before it (a
-- plain index on seq led the planner through every delivered row, and the relay slowed to a crawl).
CREATE INDEX usersdk_deliveries_due_ix ON usersdk_deliveries (subscription, seq) WHERE status = 'PENDING';
CREATE INDEX usersdk_deliveries_user_ix ON usersdk_deliveries (subscription, user_id, seq) WHERE status = 'PENDING';
CREATE INDEX usersdk_deliveries_seq_ix ON usersdk_deliveries (seq);
