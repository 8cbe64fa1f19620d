/**
 * usersdk for Spring Boot 4: {@link dev.usersdk.spring.UserSdkAutoConfiguration} (the client on the
 * application's DataSource, {@code usersdk.*} properties) and {@link
 * dev.usersdk.spring.UserSdkWebAutoConfiguration} (Spring Security authentication by usersdk
 * tokens, RFC 9457 problems, CORS, the seeds' endpoints on request).
 */
@NullMarked
package dev.usersdk.spring;

import org.jspecify.annotations.NullMarked;
