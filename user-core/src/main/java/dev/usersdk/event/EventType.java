package dev.usersdk.event;

/** The kinds of {@link UserEvent}, with the stable dotted names their payloads carry. */
public enum EventType {
  USER_CREATED("user.created"),
  USER_UPDATED("user.updated"),
  USER_STATUS_CHANGED("user.status_changed"),
  USER_ADMIN_CHANGED("user.admin_changed"),
  USER_EMAIL_VERIFIED("user.email_verified"),
  USER_EMAIL_CHANGED("user.email_changed"),
  USER_PASSWORD_CHANGED("user.password_changed"),
  USER_DELETED("user.deleted"),
  USER_MFA_ENABLED("user.mfa_enabled"),
  USER_MFA_DISABLED("user.mfa_disabled"),
  LEDGER_ENTRY_RECORDED("ledger.entry_recorded");

  private final String typeName;

  EventType(String typeName) {
    this.typeName = typeName;
  }

  /** The name in the payload's {@code type} field, e.g. {@code user.status_changed}. */
  public String typeName() {
    return typeName;
  }
}
