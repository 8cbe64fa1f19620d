/**
 * usersdk's Kafka sink: {@link dev.usersdk.kafka.KafkaSink} publishes user events to a topic, keyed
 * by user, through an idempotent producer.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.kafka;

import org.jspecify.annotations.NullMarked;
