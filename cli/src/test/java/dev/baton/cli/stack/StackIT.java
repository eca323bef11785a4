package dev.baton.cli.stack;

import dev.baton.cli.testkit.BatonStackTest;

/**
 * The stack contract on the shared test stack: embedded by default, in Docker with {@code
 * -Dbaton.testkit=testcontainers}.
 */
@BatonStackTest
class StackIT extends StackContract {}
