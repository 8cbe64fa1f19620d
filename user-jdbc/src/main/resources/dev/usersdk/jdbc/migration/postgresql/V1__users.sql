-- usersdk schema v1: users. Tables are prefixed usersdk_ so they never collide with a host's own.
CREATE TABLE usersdk_users (
    id                  UUID         NOT NULL PRIMARY KEY,
    email               VARCHAR(320),
    -- Uniqueness is case-insensitive in the database itself, not only in the library.
    email_lower         VARCHAR(320) GENERATED ALWAYS AS (LOWER(email)) STORED,
    status              VARCHAR(16)  NOT NULL,
    is_admin            BOOLEAN      NOT NULL,
    name                VARCHAR(200),
    company             VARCHAR(200),
    phone               VARCHAR(32),
    telegram            VARCHAR(33),
    picture_url         VARCHAR(2048),
    auth_provider       VARCHAR(32)  NOT NULL,
    external_subject    VARCHAR(255),
    email_verified      BOOLEAN      NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL,
    approved_at         TIMESTAMPTZ,
    approved_by         UUID,
    password_changed_at TIMESTAMPTZ,
    last_login_at       TIMESTAMPTZ,
    version             BIGINT       NOT NULL,
    CONSTRAINT usersdk_users_status_ck CHECK (status IN ('PENDING', 'APPROVED', 'DISABLED'))
);

CREATE UNIQUE INDEX usersdk_users_email_uq ON usersdk_users (email_lower);
CREATE UNIQUE INDEX usersdk_users_external_uq ON usersdk_users (auth_provider, external_subject);
