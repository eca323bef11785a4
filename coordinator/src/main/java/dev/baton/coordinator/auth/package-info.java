/**
 * API tokens: their scopes and grants, a directory that every coordinator keeps from the compacted
 * tokens topic, and the administration that creates, lists and revokes them.
 */
package dev.baton.coordinator.auth;
