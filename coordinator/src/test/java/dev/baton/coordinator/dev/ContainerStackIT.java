package dev.baton.coordinator.dev;

import dev.baton.coordinator.testkit.BatonStackTest;
import dev.baton.coordinator.testkit.StackMode;

/** The stack contract on the Docker images; skipped where no Docker engine runs. */
@BatonStackTest(mode = StackMode.TESTCONTAINERS)
class ContainerStackIT extends StackContract {}
