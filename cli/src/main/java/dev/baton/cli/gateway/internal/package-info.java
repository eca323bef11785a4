/**
 * How the worker gateway works: its deliveries, their JSON and its HTTP routes. May change without
 * notice; use {@link dev.baton.cli.gateway.WorkerGateway}.
 */
package dev.baton.cli.gateway.internal;
