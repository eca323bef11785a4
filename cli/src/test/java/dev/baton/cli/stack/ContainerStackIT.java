package dev.baton.cli.stack;

import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.StackMode;

/** The stack contract on the Docker images; skipped where no Docker engine runs. */
@BatonStackTest(mode = StackMode.TESTCONTAINERS)
class ContainerStackIT extends StackContract {}
