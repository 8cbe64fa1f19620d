package dev.usersdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.UserClient;
import dev.usersdk.auth.password.Password;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The starter in a Spring Boot application started on a random port, driven with the JDK's HTTP
 * client: the client, the inbox, an admin, and what the tests send and check.
 */
@StarterApplicationTest
abstract class StarterHttp {
  static final String ORIGIN = "https://app.example.com";
  static final String PASSWORD = "correct horse battery";
  static final String TOKEN = "usersdk_token";
  static final String REFRESH = "usersdk_refresh";

  @LocalServerPort int port;
  @Autowired UserClient client;
  @Autowired RecordingNotifier inbox;

  final HttpClient http = HttpClient.newHttpClient();
  User admin;

  /** The application's DataSource on the test database: usersdk migrates its tables on start. */
  static void database(DynamicPropertyRegistry registry, TestDatabase db) {
    registry.add("spring.datasource.url", db::url);
  }

  @BeforeEach
  void anAdmin() {
    admin =
        client
            .users()
            .findByEmail("admin@example.com")
            .orElseGet(
                () ->
                    client
                        .auth()
                        .createUser(
                            NewUser.email("admin@example.com")
                                .admin(true)
                                .status(UserStatus.APPROVED),
                            Password.of(PASSWORD)));
  }

  static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  HttpResponse<String> send(String method, String path, @Nullable String json, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String cookie(HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + response.headers()));
  }

  static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  static void isProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body())
        .contains("\"code\":\"" + code + "\"", "\"status\":" + status)
        .contains("\"type\":\"https://usersdk.dev/errors/" + code + "\"");
  }
}
