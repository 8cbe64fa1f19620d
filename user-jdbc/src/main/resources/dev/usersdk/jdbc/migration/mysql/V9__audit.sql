-- usersdk schema v9: the audit trail of privileged acts. Ids only and no foreign keys: an entry outlives the users
-- it names. Append-only; read newest first per subject or per actor.
CREATE TABLE usersdk_audit (
    id          BINARY(16)    NOT NULL PRIMARY KEY,
    occurred_at DATETIME(6)   NOT NULL,
    actor_id    BINARY(16),
    subject_id  BINARY(16)    NOT NULL,
    action      VARCHAR(32)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    details     TEXT          NOT NULL,
    KEY usersdk_audit_subject_ix (subject_id, id),
    KEY usersdk_audit_actor_ix (actor_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
