package dev.usersdk.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link TestApplication} on a random port, configured as the seeds' service would be: development,
 * approval required, the endpoints on, one allowed origin, {@code Secure} cookies.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "usersdk.environment=development",
      "usersdk.require-approval=true",
      "usersdk.jwt.secret=an-hs256-test-secret-of-32-bytes!!",
      "usersdk.links.reset-template=https://app.example.com/reset?token={token}",
      "usersdk.web.endpoints=true",
      "usersdk.web.allowed-origins=" + StarterHttp.ORIGIN,
      "usersdk.web.secure-cookies=true"
    })
@interface StarterApplicationTest {}
