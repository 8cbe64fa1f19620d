package dev.usersdk.testkit.memory;

import dev.usersdk.UserSdkConfig;

/** {@link LostCommitAnswersTest} with coalescing off: every ledger call in its own transaction. */
class LostCommitAnswersPerOperationTest extends LostCommitAnswersTest {
  @Override
  UserSdkConfig.Builder configure(UserSdkConfig.Builder config) {
    return config.deductionBatch(1);
  }
}
