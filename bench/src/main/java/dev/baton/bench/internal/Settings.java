package dev.baton.bench.internal;

import dev.baton.cli.stack.StackAddresses;
import java.nio.file.Path;
import java.util.List;

/**
 * What every case of one benchmark run shares.
 *
 * @param stack where Kafka, the registry and Redis answer
 * @param runId a short id that makes this run's topics, application ids and sessions unique
 * @param partitions partitions of every topic
 * @param workDir where coordinator logs, state and recordings go
 * @param coordinatorJvmOptions extra JVM options of every coordinator process
 * @param workers the echo workers of the turn cases
 * @param holdWorkers the echo workers of the held-turns case
 * @param sizes how big each case is
 * @param pythonWorkers the Python workers of the gateway case
 * @param run which of the run's repetitions this is, from 1
 */
public record Settings(
    StackAddresses stack,
    String runId,
    int partitions,
    Path workDir,
    List<String> coordinatorJvmOptions,
    Deployment.Workers workers,
    Deployment.Workers holdWorkers,
    Sizes sizes,
    PythonWorkers pythonWorkers,
    int run) {}
