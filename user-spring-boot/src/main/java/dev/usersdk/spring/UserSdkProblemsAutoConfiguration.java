package dev.usersdk.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * usersdk errors as RFC 9457 problems in any Spring MVC application, with or without Spring
 * Security.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnProperty(
    prefix = "usersdk.web",
    name = "problems",
    havingValue = "true",
    matchIfMissing = true)
public class UserSdkProblemsAutoConfiguration {
  @Bean
  ProblemHandler usersdkProblemHandler() {
    return new ProblemHandler();
  }
}
