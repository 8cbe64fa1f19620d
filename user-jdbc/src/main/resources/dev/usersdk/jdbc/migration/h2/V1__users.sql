-- usersdk schema v1: users. Tables are prefixed usersdk_ so they never collide with a host's own.
-- Text columns have no length: H2 counts UTF-16 units, the library counts code points and has
-- already enforced its limits.
CREATE TABLE usersdk_users (
    id                  UUID                     NOT NULL PRIMARY KEY,
    email               VARCHAR,
    email_lower         VARCHAR GENERATED ALWAYS AS (LOWER(email)),
    status              VARCHAR(16)              NOT NULL,
    is_admin            BOOLEAN                  NOT NULL,
    name                VARCHAR,
    company             VARCHAR,
    phone               VARCHAR,
    telegram            VARCHAR,
    picture_url         VARCHAR,
    auth_provider       VARCHAR(32)              NOT NULL,
    external_subject    VARCHAR,
    email_verified      BOOLEAN                  NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    approved_at         TIMESTAMP WITH TIME ZONE,
    approved_by         UUID,
    password_changed_at TIMESTAMP WITH TIME ZONE,
    last_login_at       TIMESTAMP WITH TIME ZONE,
    version             BIGINT                   NOT NULL,
    CONSTRAINT usersdk_users_status_ck CHECK (status IN ('PENDING', 'APPROVED', 'DISABLED'))
);

CREATE UNIQUE INDEX usersdk_users_email_uq ON usersdk_users (email_lower);
CREATE UNIQUE INDEX usersdk_users_external_uq ON usersdk_users (auth_provider, external_subject);
