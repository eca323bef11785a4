package dev.baton.coordinator.dev;

import dev.baton.coordinator.testkit.BatonStackTest;

/**
 * The stack contract on the shared test stack: embedded by default, in Docker with {@code
 * -Dbaton.testkit=testcontainers}.
 */
@BatonStackTest
class StackIT extends StackContract {}
