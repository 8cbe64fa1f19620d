package dev.usersdk.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ValidationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileUpdateTest {
  @Test
  void readsProfileFieldsFromAMap() {
    Map<String, Object> body = new HashMap<>();
    body.put("name", " Ann Lee ");
    body.put("pictureUrl", "https://cdn.example.com/ann.png");
    body.put("phone", null);

    ProfileUpdate update = ProfileUpdate.fromMap(body);
    Profile before = new Profile("Ann", "Acme", "+1 555 0100", null, null);
    Profile after = update.applyTo(before);

    assertThat(update.fields()).containsExactlyInAnyOrder(ProfileField.NAME, ProfileField.PICTURE_URL, ProfileField.PHONE);
    assertThat(after).isEqualTo(new Profile("Ann Lee", "Acme", null, null, "https://cdn.example.com/ann.png"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "admin", "is_admin", "balance", "email", "email_verified", "password",
      "password_hash", "id", "version", "approved_by", "auth_provider", "external_subject", "created_at"})
  void refusesServiceFieldsByName(String field) {
    assertThatThrownBy(() -> ProfileUpdate.fromMap(Map.of("name", "Ann", field, "x")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("service field")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(field));
  }

  @Test
  void refusesUnknownFieldsAndNonStringValues() {
    assertThatThrownBy(() -> ProfileUpdate.fromMap(Map.of("nickname", "x")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("not a profile field");
    assertThatThrownBy(() -> ProfileUpdate.fromMap(Map.of("name", 42)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("string");
  }

  @Test
  void validatesEachFieldWhenItIsSet() {
    assertThatThrownBy(() -> ProfileUpdate.of().name("x".repeat(201))).hasMessageContaining("at most 200");
    assertThatThrownBy(() -> ProfileUpdate.of().name("Ann\u0007")).hasMessageContaining("control characters");
    assertThatThrownBy(() -> ProfileUpdate.of().phone("call me")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> ProfileUpdate.of().telegram("@ab")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> ProfileUpdate.of().pictureUrl("javascript:alert(1)")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> ProfileUpdate.of().pictureUrl("/relative.png")).isInstanceOf(ValidationException.class);
    assertThat(ProfileUpdate.of().telegram("@ann_lee").applyTo(Profile.EMPTY).telegram()).isEqualTo("ann_lee");
    assertThat(ProfileUpdate.of().name("   ").applyTo(new Profile("Ann", null, null, null, null)).name()).isNull();
    // Code points, not chars: 200 emoji are 400 chars but a legal name.
    assertThat(ProfileUpdate.of().name("😀".repeat(200)).applyTo(Profile.EMPTY).name()).hasSize(400);
  }

  @Test
  void carriesAnExpectedVersion() {
    assertThat(ProfileUpdate.of().name("Ann").expectVersion(3).expectedVersion()).hasValue(3);
    assertThat(ProfileUpdate.of().expectedVersion()).isEmpty();
    assertThat(ProfileUpdate.of().isEmpty()).isTrue();
  }
}
