/**
 * The Baton worker SDK: register an agent handler, start a {@link dev.baton.worker.Worker}, and the
 * SDK consumes assignments through a Kafka share group, runs handlers on virtual threads and
 * publishes their results with the assignment's fencing token. Register tools too, and the SDK runs
 * the tool calls the coordinator assigns under the turn lock in Redis ({@link
 * dev.baton.worker.lock}).
 *
 * <p>Handlers see only the SDK's own immutable types ({@link dev.baton.worker.Step}, {@link
 * dev.baton.worker.Message}, {@link dev.baton.worker.StepResult}, {@link dev.baton.worker.Usage},
 * {@link dev.baton.worker.OperationClass}, ...), never the generated Avro classes of the wire.
 *
 * <pre>{@code
 * Worker worker = Worker.builder()
 *     .kafka("localhost:9092")
 *     .schemaRegistry("http://localhost:8080/apis/ccompat/v7")
 *     .redis("redis://localhost:6379")
 *     .agent(step -> StepResult.callTools(ToolCall.of("read_note", "{\"name\":\"a\"}")))
 *     .tool("read_note", OperationClass.READ, call -> ToolResult.ok(read(call.argumentsJson())))
 *     .build();
 * worker.start();
 * }</pre>
 */
package dev.baton.worker;
