-- What a user sees in "your devices": where a session started and when it was last used.
ALTER TABLE usersdk_sessions ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE usersdk_sessions ADD COLUMN client_address VARCHAR(64);
ALTER TABLE usersdk_sessions ADD COLUMN user_agent VARCHAR(512);
UPDATE usersdk_sessions SET last_used_at = created_at;

-- Failed app-password attempts are throttled per client address.
ALTER TABLE usersdk_login_attempts ALTER COLUMN outcome VARCHAR(32) NOT NULL;
CREATE INDEX usersdk_login_attempts_client_ix ON usersdk_login_attempts (client_address, attempted_at);
