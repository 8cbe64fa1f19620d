package dev.usersdk.mirror;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Host-owned values to set on one mirrored user; fields not named keep their values. */
public final class HostUpdate {
  private final Map<HostField<?>, @Nullable Object> values = new LinkedHashMap<>();

  private HostUpdate() {}

  public static HostUpdate of() {
    return new HostUpdate();
  }

  public <T> HostUpdate set(HostField<T> field, @Nullable T value) {
    values.put(field, field.check(value));
    return this;
  }

  Map<HostField<?>, @Nullable Object> values() {
    return Collections.unmodifiableMap(values);
  }

  boolean isEmpty() {
    return values.isEmpty();
  }
}
