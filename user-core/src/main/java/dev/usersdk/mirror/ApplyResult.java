package dev.usersdk.mirror;

/** What {@link UserMirror#apply} did with an event. */
public enum ApplyResult {
  /**
   * A user event, applied: the row now holds this version or a newer one (an older or repeated
   * event changes nothing, and is not an error).
   */
  APPLIED,
  /** An event the mirror does not keep (a ledger entry). */
  NOT_MIRRORED,
  /** A well-formed event of a type added after this version of usersdk: skipped and counted. */
  UNKNOWN_TYPE
}
