package dev.usersdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import dev.usersdk.auth.password.Password;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserStatus;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeds' whole flow over real HTTP; one subclass per database. */
abstract class SeedFlowContract extends StarterHttp {
  @Test
  void theSeedsWholeFlowOverRealHttp() throws Exception {
    assertThat(send("GET", "/health", null).statusCode()).as("the one open door").isEqualTo(200);
    isProblem(send("GET", "/users/me", null), 401, "invalid_token");
    String email = unique("ann");

    // register: request -> the emailed code -> confirm (pending until an admin approves)
    HttpResponse<String> requested =
        send(
            "POST",
            "/auth/register/request",
            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Ann\"}");
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
    String code = inbox.lastCode(email).orElseThrow();
    assertThat(code).matches("\\d{6}");
    HttpResponse<String> confirmed =
        send(
            "POST",
            "/auth/register/confirm",
            "{\"email\":\"" + email + "\",\"code\":\"" + code + "\"}");
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
    assertThat(confirmed.body()).contains("\"status\":\"PENDING\"").doesNotContain(PASSWORD);
    User ann = client.users().findByEmail(email).orElseThrow();
    String credentials = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    isProblem(send("POST", "/auth/login", credentials), 403, "account_pending");
    client.users().approve(ann.id(), admin.id());

    // login: the token as an HttpOnly cookie and as a header
    HttpResponse<String> login = send("POST", "/auth/login", credentials);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String header = login.headers().firstValue("X-Auth-Token").orElseThrow();
    String tokenCookie = cookie(login, TOKEN);
    String refreshCookie = cookie(login, REFRESH);
    assertThat(tokenCookie).contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/");
    assertThat(refreshCookie).contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/auth");
    assertThat(value(tokenCookie)).isEqualTo(header);
    assertThat(value(refreshCookie)).isNotEqualTo(header).isNotBlank();

    for (String[] presented :
        List.of(
            new String[] {"Authorization", "Bearer " + header},
            new String[] {"X-Auth-Token", header},
            new String[] {"Cookie", TOKEN + "=" + header})) {
      HttpResponse<String> me = send("GET", "/users/me", null, presented);
      assertThat(me.statusCode()).as(presented[0] + " " + me.body()).isEqualTo(200);
      assertThat(me.body()).contains("\"email\":\"" + email + "\"", "\"name\":\"Ann\"");
    }
    assertThat(send("GET", "/auth/me", null, "X-Auth-Token", header).body())
        .contains(ann.id().toString());
    HttpResponse<String> hello = send("GET", "/hello", null, "Authorization", "Bearer " + header);
    assertThat(hello.body()).as("the host's own controller sees the principal").contains(
        ann.id().toString());

    // /users/me PATCH: only name, company, phone, telegram
    HttpResponse<String> patched =
        send(
            "PATCH",
            "/users/me",
            "{\"company\":\"Acme\",\"telegram\":\"@ann_lee\"}",
            "X-Auth-Token",
            header);
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(patched.body()).contains("\"company\":\"Acme\"", "\"telegram\":\"ann_lee\"");
    for (String field : List.of("status", "admin", "email", "balance")) {
      HttpResponse<String> refused =
          send("PATCH", "/users/me", "{\"" + field + "\":\"x\"}", "X-Auth-Token", header);
      isProblem(refused, 422, "validation_failed");
      assertThat(refused.body()).contains("\"field\":\"" + field + "\"");
    }
    assertThat(client.users().get(ann.id()).status()).isEqualTo(UserStatus.APPROVED);
    assertThat(client.users().get(ann.id()).profile().company()).isEqualTo("Acme");

    // the admin-only balance
    isProblem(
        send("GET", "/users/" + ann.id() + "/balance", null, "X-Auth-Token", header),
        403,
        "forbidden");
    String adminToken =
        client.auth().login("admin@example.com", Password.of(PASSWORD)).accessToken();
    HttpResponse<String> balance =
        send("GET", "/users/" + ann.id() + "/balance", null, "Authorization", "Bearer " + adminToken);
    assertThat(balance.statusCode()).as(balance.body()).isEqualTo(200);
    assertThat(balance.body()).contains("\"available\":\"5.00\"");

    // refresh by the path-scoped cookie
    HttpResponse<String> refreshed =
        send("POST", "/auth/refresh", null, "Cookie", REFRESH + "=" + value(refreshCookie));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    String renewed = refreshed.headers().firstValue("X-Auth-Token").orElseThrow();
    assertThat(send("GET", "/users/me", null, "X-Auth-Token", renewed).statusCode())
        .isEqualTo(200);

    // logout revokes the token and clears both cookies
    HttpResponse<String> logout =
        send("POST", "/auth/logout", null, "Cookie", TOKEN + "=" + header);
    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
    assertThat(cookie(logout, TOKEN)).startsWith(TOKEN + "=;").contains("Max-Age=0");
    assertThat(cookie(logout, REFRESH)).startsWith(REFRESH + "=;").contains("Max-Age=0", "Path=/auth");
    HttpResponse<String> after = send("GET", "/users/me", null, "X-Auth-Token", header);
    isProblem(after, 401, "invalid_token");
    assertThat(after.body()).doesNotContain(header);
  }

  @Test
  void aPasswordResetByLinkAndWrongPasswordsAnswerWithoutEchoingSecrets() throws Exception {
    String email = unique("bo");
    client
        .auth()
        .createUser(NewUser.email(email).status(UserStatus.APPROVED), Password.of(PASSWORD));
    HttpResponse<String> wrong =
        send("POST", "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"not-the-s3cret\"}");
    isProblem(wrong, 401, "invalid_credentials");
    assertThat(wrong.body()).doesNotContain("not-the-s3cret");
    assertThat(
            send("POST", "/auth/password/reset/request", "{\"email\":\"nobody@example.com\"}")
                .statusCode())
        .as("the same answer for an unknown address")
        .isEqualTo(202);
    assertThat(
            send("POST", "/auth/password/reset/request", "{\"email\":\"" + email + "\"}")
                .statusCode())
        .isEqualTo(202);
    String link = inbox.lastResetLink(email).orElseThrow();
    String token = link.substring(link.indexOf("token=") + 6);
    HttpResponse<String> reset =
        send(
            "POST",
            "/auth/password/reset/confirm",
            "{\"token\":\"" + token + "\",\"password\":\"a brand new passphrase\"}");
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
    HttpResponse<String> reused =
        send(
            "POST",
            "/auth/password/reset/confirm",
            "{\"token\":\"" + token + "\",\"password\":\"another new passphrase\"}");
    assertThat(reused.statusCode()).isBetween(400, 499);
    assertThat(reused.body()).doesNotContain(token);
    assertThat(
            send(
                    "POST",
                    "/auth/login",
                    "{\"email\":\"" + email + "\",\"password\":\"a brand new passphrase\"}")
                .statusCode())
        .isEqualTo(200);
    isProblem(send("POST", "/auth/login", "not json"), 422, "validation_failed");
  }
}
