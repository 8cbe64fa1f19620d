-- usersdk schema v1: users. Tables are prefixed usersdk_ so they never collide with a host's own.
-- utf8mb4_bin everywhere: the ci/ai collations also fold accents, which would make
-- jose@ and josé@ "the same" address; case is folded explicitly in email_lower instead.
CREATE TABLE usersdk_users (
    id                  BINARY(16)   NOT NULL PRIMARY KEY,
    email               VARCHAR(320),
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
    created_at          DATETIME(6)  NOT NULL,
    updated_at          DATETIME(6)  NOT NULL,
    approved_at         DATETIME(6),
    approved_by         BINARY(16),
    password_changed_at DATETIME(6),
    last_login_at       DATETIME(6),
    version             BIGINT       NOT NULL,
    CONSTRAINT usersdk_users_status_ck CHECK (status IN ('PENDING', 'APPROVED', 'DISABLED')),
    UNIQUE KEY usersdk_users_email_uq (email_lower),
    UNIQUE KEY usersdk_users_external_uq (auth_provider, external_subject)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
