package dev.baton.cli.gateway;

import dev.baton.cli.gateway.internal.GatewayServer;
import dev.baton.worker.Worker;
import java.util.Objects;

/**
 * A worker gateway: a Java SDK {@link Worker} whose agent and tool handlers hand each step and call
 * to a remote worker over HTTP (the protocol of {@code docs/worker-protocol.md}), so that a worker
 * in any language joins the fleet while the SDK keeps consuming assignments, renewing leases and
 * locks, holding the turn lock around tool calls, hearing cancellations and publishing results.
 *
 * <pre>{@code
 * Worker.Builder sdk = Worker.builder()
 *     .kafka(servers).schemaRegistry(registryUrl).redis(redisUri).workerId("gateway-1");
 * try (WorkerGateway gateway = WorkerGateway.start(sdk,
 *     GatewayOptions.builder().port(8090).tool("read_note", OperationClass.READ).build())) {
 *   gateway.port();
 * }
 * }</pre>
 */
public final class WorkerGateway implements AutoCloseable {

  private final GatewayServer server;
  private final Worker worker;

  private WorkerGateway(GatewayServer server, Worker worker) {
    this.server = server;
    this.worker = worker;
  }

  /**
   * Starts the HTTP server, then the SDK worker of {@code sdk} with the gateway's handlers (its
   * agent and the tools of {@code options}; any set on {@code sdk} before are kept).
   */
  public static WorkerGateway start(Worker.Builder sdk, GatewayOptions options) {
    Objects.requireNonNull(sdk, "sdk");
    Objects.requireNonNull(options, "options");
    GatewayServer server = GatewayServer.start(options);
    try {
      sdk.agent(server.handlers().agent());
      options
          .tools()
          .forEach(
              (name, kind) ->
                  sdk.tool(name, kind, server.handlers().tool(name), options.toolOptions(name)));
      Worker worker = sdk.build();
      worker.start();
      return new WorkerGateway(server, worker);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The port of the gateway's HTTP API. */
  public int port() {
    return server.port();
  }

  /** The SDK worker that runs the gateway's deliveries. */
  public Worker worker() {
    return worker;
  }

  /**
   * Stops the SDK worker (see {@link Worker#close()}: deliveries still open after its grace end and
   * their work goes back to the fleet), then the HTTP server.
   */
  @Override
  public void close() throws InterruptedException {
    try {
      worker.close();
    } finally {
      server.close();
    }
  }
}
