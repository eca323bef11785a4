/**
 * The client's implementation: the server-sent event parser, the HTTP calls and their retries, the
 * resuming stream. Not part of the API; it may change without notice.
 */
package dev.baton.client.internal;
