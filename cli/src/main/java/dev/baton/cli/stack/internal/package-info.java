/**
 * Implementation details of the embedded dev stack: ports, child processes, JDK discovery,
 * readiness probes. Everything here may change without notice.
 */
package dev.baton.cli.stack.internal;
