-- usersdk schema v9: the audit trail of privileged acts. Ids only and no foreign keys: an entry outlives the users
-- it names. Append-only; read newest first per subject or per actor.
CREATE TABLE usersdk_audit (
    id          UUID          NOT NULL PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id    UUID,
    subject_id  UUID          NOT NULL,
    action      VARCHAR(32)   NOT NULL,
    details     CHARACTER VARYING NOT NULL
);
CREATE INDEX usersdk_audit_subject_ix ON usersdk_audit (subject_id, id);
CREATE INDEX usersdk_audit_actor_ix ON usersdk_audit (actor_id, id);
