package dev.baton.worker;

import dev.baton.worker.internal.ClientFactory;
import dev.baton.worker.internal.Grace;
import dev.baton.worker.internal.Lifecycle;
import dev.baton.worker.internal.ToolRegistry;
import dev.baton.worker.internal.WorkerRuntime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A worker process's connection to the fleet: it consumes assignments from a Kafka share group,
 * runs the agent handler on virtual threads (at most {@code maxInFlight} at once) and publishes
 * each result, keyed by session id, with the assignment's fencing token.
 *
 * <p>Acknowledgements follow the result: an assignment is accepted only after its result is durably
 * written; released (delivered again) when writing fails, the handler fails retryably or the worker
 * shuts down now; rejected after a non-retryable {@code StepFailed} result or when it cannot be
 * read. A worker that dies holds its assignments only until the share group's acquisition lock
 * expires; then they are delivered to another worker. A step that has run for {@link
 * WorkerOptions#handOffAfter()} (a second by default) is accepted while its handler runs and left
 * to the coordinator's lease, so that its share consumer takes other assignments meanwhile; if the
 * worker dies then, the coordinator assigns the work again once the lease runs out.
 *
 * <p>While a handler runs, the worker renews the coordinator's lease ({@code LeaseRenewed}) every
 * {@link WorkerOptions#leaseRenewInterval()}, and its record's acquisition lock ({@code RENEW})
 * until it hands the record over. It reads the coordinator's STOP signals from the turn-signals
 * topic: the handlers of a stopped turn see {@link Step#isCancelled()} turn true, their assignments
 * are accepted at once, their results are not published, and a handler that has not returned {@link
 * WorkerOptions#cancelGrace()} later is interrupted. A tool call starts only once the worker has
 * read the session's turn signals up to that moment, so a call whose turn was stopped before it
 * started never starts. A retryable failure on the last delivery the {@link
 * WorkerOptions#deliveryLimit()} allows is reported as a poison record ({@code StepFailed}, code
 * {@code POISON}) and rejected. See {@code docs/worker-sdk.md}.
 *
 * <p>The lifecycle is an {@link java.util.concurrent.ExecutorService}'s: {@link #start()}, {@link
 * #shutdown()}, {@link #shutdownNow()}, {@link #awaitTermination(Duration)}.
 *
 * <pre>{@code
 * Worker worker = Worker.builder()
 *     .kafka("localhost:9092")
 *     .schemaRegistry("http://localhost:8080/apis/ccompat/v7")
 *     .agent(step -> StepResult.answer("echo: " + step.input()))
 *     .maxInFlight(64).workerId("w-1").shareGroup("baton-workers")
 *     .build();
 * worker.start();
 * ...
 * worker.shutdown();
 * worker.awaitTermination(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>A worker with tools ({@link Builder#tool}) runs the tool calls the coordinator assigns, each
 * under the turn lock in Redis ({@link WorkerOptions.AbstractBuilder#redis}, required then): reads
 * of a step overlap, a write runs alone, in the order the agent asked for. A tool call's result is
 * published before its lock is released, so a later write never starts before this call's effect is
 * recorded. A call that cannot start (the lock timed out, Redis is unreachable, the token is stale,
 * the tool is unknown) is reported as {@code ToolCallNotStarted} and accepted: the coordinator
 * decides what to do with it. The calls of a tool registered with {@link ToolOption#NEEDS_APPROVAL}
 * are assigned only once a person approved them.
 *
 * <pre>{@code
 * Worker worker = Worker.builder()
 *     .kafka(servers).schemaRegistry(url).redis("redis://localhost:6379")
 *     .agent(step -> StepResult.callTools(ToolCall.of("read_note", "{\"name\":\"a\"}")))
 *     .tool("read_note", OperationClass.READ, call -> ToolResult.ok(notes.read(call)))
 *     .tool("write_note", OperationClass.WRITE, call -> ToolResult.ok(notes.write(call)))
 *     .build();
 * }</pre>
 *
 * <p>The share group must start at the earliest offset ({@code share.auto.offset.reset=earliest} on
 * the group), or assignments produced before the first worker joined are never delivered; the Baton
 * stack sets it.
 */
public final class Worker implements AutoCloseable {

  /** How long {@link #close()} lets the handlers in flight finish before it interrupts them. */
  public static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

  private final WorkerOptions options;
  private final AgentHandler agent;
  private final ToolRegistry tools;
  private final ClientFactory clients;
  private final Lifecycle lifecycle = new Lifecycle();
  private WorkerRuntime runtime;

  private Worker(
      WorkerOptions options, AgentHandler agent, ToolRegistry tools, ClientFactory clients) {
    this.options = options;
    this.agent = agent;
    this.tools = tools;
    this.clients = clients;
  }

  /** Returns a builder: options, then the agent handler. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Joins the share group and starts running assignments. Returns once the clients are created;
   * polling runs on the worker's own threads.
   *
   * @throws WorkerException if the worker was started or shut down before
   */
  public synchronized void start() {
    lifecycle.starting();
    try {
      runtime = WorkerRuntime.start(options, agent, tools, clients, lifecycle::terminated);
    } catch (RuntimeException e) {
      lifecycle.terminated();
      throw e;
    }
  }

  /**
   * Stops taking assignments; the steps in flight finish, their results are published and
   * acknowledged, then the clients close. Returns at once; see {@link #awaitTermination}.
   */
  public synchronized void shutdown() {
    if (lifecycle.shuttingDown()) {
      runtime.stop(false);
    }
  }

  /**
   * Stops taking assignments, interrupts the running handlers and releases their assignments, so
   * the share group delivers them again, then closes the clients. Returns at once.
   */
  public synchronized void shutdownNow() {
    if (lifecycle.shuttingDown()) {
      runtime.stop(true);
    }
  }

  /**
   * Waits until the worker is terminated, at most {@code timeout}.
   *
   * @return whether it terminated
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return lifecycle.awaitTermination(Objects.requireNonNull(timeout, "timeout"));
  }

  /** Where the worker is in its lifecycle. */
  public WorkerState state() {
    return lifecycle.state();
  }

  /** The worker's options. */
  public WorkerOptions options() {
    return options;
  }

  /** The names of the tools this worker runs, in registration order. */
  public Set<String> tools() {
    return tools.names();
  }

  /** How many assignments are being run right now. */
  public synchronized int inFlight() {
    return runtime == null ? 0 : runtime.inFlight();
  }

  /**
   * Shuts down and gives the handlers in flight {@link #CLOSE_GRACE} to finish; then shuts down now
   * (the handlers still running are interrupted and their assignments released, so the share group
   * delivers them to another worker: nothing is lost) and waits up to the close timeout for the
   * clients to close. So a worker stops within {@code CLOSE_GRACE} plus {@link
   * WorkerOptions#closeTimeout()}, whatever its handlers do; call {@link #shutdown()} and {@link
   * #awaitTermination} to wait longer for them.
   */
  @Override
  public void close() throws InterruptedException {
    shutdown();
    if (!Grace.endOrForce(CLOSE_GRACE, this::awaitTermination, this::shutdownNow)) {
      awaitTermination(options.closeTimeout());
    }
  }

  /**
   * Builds a {@link Worker}: the setters of {@link WorkerOptions}, and the agent handler.
   *
   * <p>{@code Worker.builder().kafka(servers).schemaRegistry(url).agent(handler).build()}
   */
  public static final class Builder extends WorkerOptions.AbstractBuilder<Builder> {
    private AgentHandler agent;
    private final Map<String, ToolRegistry.Tool> tools = new LinkedHashMap<>();
    private ClientFactory clients = ClientFactory.KAFKA;

    private Builder() {}

    /** Sets the handler of agent steps; required. */
    public Builder agent(AgentHandler agent) {
      this.agent = Objects.requireNonNull(agent, "agent");
      return this;
    }

    /**
     * Registers tool {@code name}, declared as {@code operationClass}, run by {@code handler}, with
     * what {@code options} declare. The declarations go with every call of the tool the agent asks
     * for. The coordinator combines the class with its own configuration, the stricter class
     * winning; a call of a tool declared {@link ToolOption#NEEDS_APPROVAL} waits for a person's
     * approval, and the handler runs only once it is approved, never for a denied call. A worker
     * with tools needs {@link #redis(String)}.
     *
     * <pre>{@code
     * .tool("read_note", OperationClass.READ, call -> ToolResult.ok(read(call)))
     * .tool("deploy", OperationClass.WRITE, call -> ToolResult.ok(deploy(call)),
     *     ToolOption.NEEDS_APPROVAL)
     * }</pre>
     *
     * @throws WorkerException if a tool of that name is registered already
     */
    public Builder tool(
        String name, OperationClass operationClass, ToolHandler handler, ToolOption... options) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(operationClass, "operationClass");
      Objects.requireNonNull(handler, "handler");
      List<ToolOption> declared = List.of(Objects.requireNonNull(options, "options"));
      if (name.isBlank()) {
        throw WorkerException.invalidOption("tool", "\"" + name + "\"", "a non-blank name");
      }
      if (tools.containsKey(name)) {
        throw WorkerException.invalidOption("tool", name, "a name not registered already");
      }
      tools.put(
          name,
          new ToolRegistry.Tool(
              name, operationClass, handler, declared.contains(ToolOption.NEEDS_APPROVAL)));
      return this;
    }

    /** Replaces the Kafka clients, for tests of the SDK itself. */
    Builder clients(ClientFactory clients) {
      this.clients = Objects.requireNonNull(clients, "clients");
      return this;
    }

    /**
     * Returns the worker, not started.
     *
     * @throws WorkerException if an option is missing or the options contradict each other
     */
    public Worker build() {
      WorkerOptions options = buildOptions();
      if (agent == null) {
        throw WorkerException.invalidOption("agent", null, "an agent handler");
      }
      if (!tools.isEmpty() && options.redisUri().isEmpty()) {
        throw WorkerException.invalidOption(
            "redis",
            null,
            "a Redis URI, because the worker has tools "
                + tools.keySet()
                + " and tool calls run under the turn lock in Redis");
      }
      return new Worker(options, agent, ToolRegistry.of(tools), clients);
    }
  }
}
