/** Writing and reading the audit trail. Not API. */
@NullMarked
package dev.usersdk.audit.internal;

import org.jspecify.annotations.NullMarked;
