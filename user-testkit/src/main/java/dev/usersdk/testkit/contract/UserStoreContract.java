package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.UserCriteria;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.DuplicateExternalSubjectException;
import dev.usersdk.user.Email;
import dev.usersdk.user.Profile;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link dev.usersdk.spi.UserStore} must do, tested through the SPI. A store
 * implementation extends this class and returns fresh, empty stores from {@link #createStores()}:
 *
 * <pre>{@code
 * class MyUserStoreTest extends UserStoreContract {
 *   @Override protected Stores createStores() { return MyStores.create(emptyDatabase()); }
 * }
 * }</pre>
 */
public abstract class UserStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  protected Stores stores;

  /** Fresh stores with no users in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  @Test
  void storesAndReadsBackEveryField() {
    UserId approver = insert(user("approver@example.com"));
    User full = User.builder(newId())
        .email(Email.of("Zoë.Lee+tag@Example.COM"))
        .status(UserStatus.APPROVED)
        .admin(true)
        .profile(new Profile("Zoë Lee 李", "Acme GmbH", "+49 30 1234567", "zoe_lee", "https://cdn.example.com/z.png"))
        .authProvider(AuthProvider.AUTH0)
        .externalSubject("auth0|65f1c0ffee")
        .emailVerified(true)
        .createdAt(T0)
        .updatedAt(T0.plusSeconds(1))
        .approvedAt(T0.plusSeconds(2))
        .approvedBy(approver)
        .passwordChangedAt(T0.plusSeconds(3))
        .lastLoginAt(T0.plusSeconds(4))
        .version(7)
        .build();
    tx(tx -> { tx.users().insert(full); });

    assertThat(findById(full.id())).contains(full);
    assertThat(findByIdForUpdate(full.id())).contains(full);
    assertThat(findByEmail(Email.of("zoë.lee+tag@example.com"))).contains(full);
    assertThat(findByExternalSubject(AuthProvider.AUTH0, "auth0|65f1c0ffee")).contains(full);
  }

  @Test
  void storesAUserWithNothingOptional() {
    User bare = User.builder(newId()).authProvider(AuthProvider.of("github")).externalSubject("42")
        .createdAt(T0).status(UserStatus.PENDING).build();
    tx(tx -> { tx.users().insert(bare); });

    assertThat(findById(bare.id())).contains(bare);
  }

  @Test
  void missingUsersAreEmpty() {
    assertThat(findById(newId())).isEmpty();
    assertThat(findByEmail(Email.of("nobody@example.com"))).isEmpty();
    assertThat(findByExternalSubject(AuthProvider.AUTH0, "auth0|nobody")).isEmpty();
  }

  @Test
  void refusesASecondUserWithTheSameCanonicalEmail() {
    insert(user("ann@example.com"));
    User twin = user("ANN@example.com ");

    assertThatThrownBy(() -> insert(twin)).isInstanceOf(DuplicateEmailException.class);
    assertThat(findById(twin.id())).isEmpty();
  }

  @Test
  void refusesASecondUserWithTheSameProviderAndSubject() {
    insert(external(AuthProvider.AUTH0, "auth0|1"));
    User twin = external(AuthProvider.AUTH0, "auth0|1");

    assertThatThrownBy(() -> insert(twin)).isInstanceOf(DuplicateExternalSubjectException.class);
    assertThat(findById(twin.id())).isEmpty();
  }

  @Test
  void allowsTheSameSubjectAtAnotherProviderAndManyUsersWithoutEmailOrSubject() {
    insert(external(AuthProvider.AUTH0, "42"));
    insert(external(AuthProvider.of("github"), "42"));
    insert(User.builder(newId()).createdAt(T0).build());
    insert(User.builder(newId()).createdAt(T0).build());

    assertThat(list(criteria().build())).hasSize(4);
  }

  @Test
  void updatesOnlyAtTheExpectedVersion() {
    User ann = user("ann@example.com");
    insert(ann);
    User renamed = ann.toBuilder().profile(Profile.EMPTY.with(dev.usersdk.user.ProfileField.NAME, "Ann"))
        .version(2).updatedAt(T0.plusSeconds(60)).build();

    assertThat(update(renamed, 5)).isFalse();
    assertThat(findById(ann.id())).contains(ann);

    assertThat(update(renamed, 1)).isTrue();
    assertThat(findById(ann.id())).contains(renamed);

    assertThat(update(renamed.toBuilder().version(3).build(), 1)).isFalse();
  }

  @Test
  void updateOfAMissingUserWritesNothing() {
    User ghost = user("ghost@example.com");

    assertThat(update(ghost.toBuilder().version(2).build(), 1)).isFalse();
    assertThat(findById(ghost.id())).isEmpty();
  }

  @Test
  void updateRefusesAnEmailThatAnotherUserHas() {
    insert(user("ann@example.com"));
    User bob = user("bob@example.com");
    insert(bob);

    User clash = bob.toBuilder().email(Email.of("ann@example.com")).version(2).build();
    assertThatThrownBy(() -> update(clash, 1)).isInstanceOf(DuplicateEmailException.class);
    assertThat(findById(bob.id())).contains(bob);
  }

  @Test
  void deletesAndFreesTheEmail() {
    User ann = user("ann@example.com");
    insert(ann);

    assertThat(delete(ann.id())).isTrue();
    assertThat(delete(ann.id())).isFalse();
    assertThat(findById(ann.id())).isEmpty();
    insert(user("ann@example.com"));
  }

  @Test
  void listsInUnsignedIdOrderAcrossTheWholeRange() {
    // Ids with the top bit set sort after others as unsigned numbers, as databases sort them.
    List<UserId> ids = List.of(
        new UserId(UUID.fromString("ffffffff-0000-7000-8000-000000000000")),
        new UserId(UUID.fromString("00000000-0000-7000-8000-000000000001")),
        new UserId(UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff")),
        new UserId(UUID.fromString("80000000-0000-7000-8000-000000000000")),
        new UserId(UUID.fromString("00000000-0000-7000-ffff-ffffffffffff")),
        new UserId(UUID.fromString("00000000-0000-7000-8000-000000000000")));
    for (UserId id : ids) {
      insert(User.builder(id).createdAt(T0).build());
    }

    List<UserId> listed = list(criteria().build()).stream().map(User::id).collect(Collectors.toList());
    assertThat(listed).containsExactlyElementsOf(ids.stream().sorted().collect(Collectors.toList()));
    assertThat(listed.get(0).value().toString()).isEqualTo("00000000-0000-7000-8000-000000000000");
    assertThat(listed.get(5).value().toString()).isEqualTo("ffffffff-0000-7000-8000-000000000000");
  }

  @Test
  void pagesWithAfterIdAndLimit() {
    List<UserId> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      User user = user("user" + i + "@example.com");
      insert(user);
      ids.add(user.id());
    }
    ids.sort(null);

    assertThat(list(criteria().limit(3).build())).extracting(User::id).containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(list(criteria().after(ids.get(2)).limit(3).build()))
        .extracting(User::id).containsExactlyElementsOf(ids.subList(3, 6));
    assertThat(list(criteria().after(ids.get(5)).limit(3).build()))
        .extracting(User::id).containsExactly(ids.get(6));
  }

  @Test
  void filtersByStatusEmailPrefixAndEffectiveAdmin() {
    User ann = insertAndGet(user("ann@example.com").toBuilder().admin(true).build());
    User anna = insertAndGet(user("anna@example.org").toBuilder().status(UserStatus.PENDING).build());
    User bob = insertAndGet(user("bob@example.com"));
    User noEmail = insertAndGet(User.builder(newId()).createdAt(T0).build());
    Set<UserId> configuredAdmins = Set.of(bob.id());

    assertThat(list(criteria().status(UserStatus.PENDING).build())).containsExactly(anna);
    assertThat(list(criteria().emailPrefix("ann").build())).containsExactlyInAnyOrder(ann, anna);
    assertThat(list(criteria().emailPrefix("anna@").build())).containsExactly(anna);
    assertThat(list(criteria().admin(true).adminIds(configuredAdmins).build())).containsExactlyInAnyOrder(ann, bob);
    assertThat(list(criteria().admin(false).adminIds(configuredAdmins).build()))
        .containsExactlyInAnyOrder(anna, noEmail);
    assertThat(list(criteria().admin(true).build())).containsExactly(ann);
    assertThat(list(criteria().emailPrefix("ann").status(UserStatus.APPROVED).admin(true).build()))
        .containsExactly(ann);
  }

  @Test
  void emailPrefixMatchesLiterallyNotAsAPattern() {
    User underscore = insertAndGet(user("a_b@example.com"));
    insertAndGet(user("axb@example.com"));
    User percent = insertAndGet(user("c%d@example.com"));
    insertAndGet(user("cxxd@example.com"));

    assertThat(list(criteria().emailPrefix("a_").build())).containsExactly(underscore);
    assertThat(list(criteria().emailPrefix("c%").build())).containsExactly(percent);
    assertThat(list(criteria().emailPrefix("%").build())).isEmpty();
  }

  @Test
  void aTransactionThatThrowsLeavesNothingBehind() {
    User first = user("first@example.com");
    User second = user("second@example.com");

    assertThatThrownBy(() -> tx(tx -> {
      tx.users().insert(first);
      tx.users().insert(second);
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

    assertThat(findById(first.id())).isEmpty();
    assertThat(findByEmail(first.email().get())).isEmpty();
    assertThat(list(criteria().build())).isEmpty();
  }

  @Test
  void aFailedWriteRollsBackEarlierWritesOfTheSameTransaction() {
    User existing = insertAndGet(user("taken@example.com"));
    User fresh = user("fresh@example.com");
    User updated = existing.toBuilder().profile(new Profile("Renamed", null, null, null, null)).version(2).build();

    assertThatThrownBy(() -> tx(tx -> {
      tx.users().insert(fresh);
      tx.users().update(updated, 1);
      tx.users().insert(user("taken@example.com"));
    })).isInstanceOf(DuplicateEmailException.class);

    assertThat(findById(fresh.id())).isEmpty();
    assertThat(findById(existing.id())).contains(existing);
  }

  @Test
  void rollsBackADeleteToo() {
    User ann = insertAndGet(user("ann@example.com"));

    assertThatThrownBy(() -> tx(tx -> {
      tx.users().delete(ann.id());
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(findById(ann.id())).contains(ann);
    assertThat(findByEmail(Email.of("ann@example.com"))).contains(ann);
  }

  @Test
  void aNestedTransactionJoinsTheOuterOne() {
    User inner = user("inner@example.com");

    assertThatThrownBy(() -> tx(outer -> {
      stores.inTransaction(nested -> {
        nested.users().insert(inner);
        return null;
      });
      assertThat(outer.users().findById(inner.id())).contains(inner);
      throw new IllegalStateException("outer fails");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(findById(inner.id())).isEmpty();
  }

  @Test
  void aTransactionCannotBeUsedAfterItsWorkReturned() {
    AtomicReference<StoreTransaction> leaked = new AtomicReference<>();
    tx(leaked::set);

    assertThatThrownBy(() -> leaked.get().users().findById(newId())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void racingInsertsOfOneEmailKeepExactlyOne() {
    int threads = 32;
    int emails = 4;
    List<Race.Outcome<UserId>> outcomes = Race.run(threads, i -> () -> {
      User user = user("race" + (i % emails) + "@example.com");
      insert(user);
      return user.id();
    });

    assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(emails);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
        .hasSize(threads - emails)
        .allSatisfy(failure -> assertThat(failure).isInstanceOf(DuplicateEmailException.class));
    assertThat(list(criteria().build())).hasSize(emails)
        .extracting(user -> user.email().get().value())
        .containsExactlyInAnyOrder("race0@example.com", "race1@example.com", "race2@example.com", "race3@example.com");
  }

  // ----- helpers ----------------------------------------------------------------------------

  protected static UserId newId() {
    // Distinct and increasing within a run, like the v7 ids the service makes.
    return new UserId(new UUID(0x0190_0000_0000_7000L + ((long) SEQUENCE.incrementAndGet() << 16),
        0x8000_0000_0000_0000L | System.nanoTime() & 0x3FFF_FFFF_FFFF_FFFFL));
  }

  protected static User user(String email) {
    return User.builder(newId()).email(Email.of(email)).createdAt(T0).approvedAt(T0).build();
  }

  private static User external(AuthProvider provider, String subject) {
    return User.builder(newId()).authProvider(provider).externalSubject(subject).createdAt(T0).build();
  }

  private UserId insert(User user) {
    tx(tx -> { tx.users().insert(user); });
    return user.id();
  }

  private User insertAndGet(User user) {
    insert(user);
    return user;
  }

  private Optional<User> findById(UserId id) {
    return stores.inTransaction(tx -> tx.users().findById(id));
  }

  private Optional<User> findByIdForUpdate(UserId id) {
    return stores.inTransaction(tx -> tx.users().findByIdForUpdate(id));
  }

  private Optional<User> findByEmail(Email email) {
    return stores.inTransaction(tx -> tx.users().findByEmail(email));
  }

  private Optional<User> findByExternalSubject(AuthProvider provider, String subject) {
    return stores.inTransaction(tx -> tx.users().findByExternalSubject(provider, subject));
  }

  private boolean update(User user, long expectedVersion) {
    return stores.inTransaction(tx -> tx.users().update(user, expectedVersion));
  }

  private boolean delete(UserId id) {
    return stores.inTransaction(tx -> tx.users().delete(id));
  }

  private List<User> list(UserCriteria criteria) {
    return stores.inTransaction(tx -> tx.users().list(criteria));
  }

  private void tx(java.util.function.Consumer<StoreTransaction> work) {
    stores.inTransaction(tx -> {
      work.accept(tx);
      return null;
    });
  }

  private static CriteriaBuilder criteria() {
    return new CriteriaBuilder();
  }

  private static final class CriteriaBuilder {
    private UserStatus status;
    private String emailPrefix;
    private Boolean admin;
    private Set<UserId> adminIds = Set.of();
    private UserId after;
    private int limit = 100;

    CriteriaBuilder status(UserStatus status) { this.status = status; return this; }
    CriteriaBuilder emailPrefix(String prefix) { this.emailPrefix = prefix; return this; }
    CriteriaBuilder admin(boolean admin) { this.admin = admin; return this; }
    CriteriaBuilder adminIds(Set<UserId> ids) { this.adminIds = ids; return this; }
    CriteriaBuilder after(UserId id) { this.after = id; return this; }
    CriteriaBuilder limit(int limit) { this.limit = limit; return this; }

    UserCriteria build() {
      return new UserCriteria(Optional.ofNullable(status), Optional.ofNullable(emailPrefix), Optional.ofNullable(admin),
          adminIds, Optional.ofNullable(after), limit);
    }
  }
}
