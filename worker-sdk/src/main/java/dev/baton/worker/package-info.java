/**
 * The Baton worker SDK: register an agent handler, start a {@link dev.baton.worker.Worker}, and the
 * SDK consumes assignments through a Kafka share group, runs handlers on virtual threads and
 * publishes their results with the assignment's fencing token.
 *
 * <pre>{@code
 * Worker worker = Worker.builder()
 *     .kafka("localhost:9092")
 *     .schemaRegistry("http://localhost:8080/apis/ccompat/v7")
 *     .agent(step -> StepResult.answer("echo: " + step.input()))
 *     .build();
 * worker.start();
 * }</pre>
 */
package dev.baton.worker;
