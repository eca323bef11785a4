/** Implementation of API tokens; may change without notice. */
package dev.baton.coordinator.auth.internal;
