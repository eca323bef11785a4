/**
 * The worker gateway: a process that runs the worker SDK (consumption, leases, renewals, turn
 * locks, cancellation and result publishing) and hands each agent step and tool call to a remote
 * worker over HTTP, in any language. See {@code docs/worker-protocol.md}.
 */
package dev.baton.cli.gateway;
