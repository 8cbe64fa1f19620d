package dev.usersdk.mirror;

import dev.usersdk.ValidationException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The host-owned fields a mirror keeps beside each user: declared once, with their defaults. */
public final class HostFields {
  /** The seeds' role field: {@code standard_user} unless the host sets another. */
  public static final HostField<String> ROLE = HostField.text("role", "standard_user");

  /** The seeds' plan: {@code free} for every new user. */
  public static final HostField<String> PLAN_TIER = HostField.text("plan_tier", "free");

  /** Permission strings the host grants on top of the role. */
  public static final HostField<Set<String>> PERMISSIONS = HostField.set("permissions", Set.of());

  /** Feature flags switched on for the user. */
  public static final HostField<Set<String>> FEATURE_FLAGS =
      HostField.set("feature_flags", Set.of());

  private final Map<String, HostField<?>> fields;

  private HostFields(Collection<HostField<?>> fields) {
    Map<String, HostField<?>> byName = new LinkedHashMap<>();
    for (HostField<?> field : fields) {
      if (byName.put(field.name(), field) != null) {
        throw new ValidationException("hostFields", "host field " + field.name() + " is twice");
      }
    }
    this.fields = byName;
  }

  public static HostFields of(HostField<?>... fields) {
    return new HostFields(List.of(fields));
  }

  /** None: a mirror of the owner's fields only. */
  public static HostFields none() {
    return of();
  }

  /** The seeds' main-backend fields: role, plan tier, permissions and feature flags. */
  public static HostFields seeds() {
    return of(ROLE, PLAN_TIER, PERMISSIONS, FEATURE_FLAGS);
  }

  public Collection<HostField<?>> all() {
    return fields.values();
  }

  Optional<HostField<?>> named(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  boolean declares(HostField<?> field) {
    return field.equals(fields.get(field.name()));
  }

  /** Refuses an update that names a field this mirror does not declare (values are typed by it). */
  void requireDeclared(HostUpdate update) {
    for (HostField<?> field : update.values().keySet()) {
      if (!declares(field)) {
        throw new ValidationException(
            field.name(), "host field " + field.name() + " is not declared by this mirror");
      }
    }
  }

  /** Every field at its default: what a new mirror row starts with. */
  public HostValues defaults() {
    return HostValues.defaults(this);
  }

  @Override
  public String toString() {
    return "HostFields" + fields.keySet();
  }
}
