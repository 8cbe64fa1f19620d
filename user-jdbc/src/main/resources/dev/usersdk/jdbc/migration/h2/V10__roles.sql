-- usersdk schema v10: application roles granted to users (what each role permits is the host's configuration).
-- A user's roles go with the user.
CREATE TABLE usersdk_user_roles (
    user_id    UUID        NOT NULL,
    role       VARCHAR(64) NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, role),
    CONSTRAINT usersdk_user_roles_user_fk FOREIGN KEY (user_id) REFERENCES usersdk_users (id) ON DELETE CASCADE
);
