/** Baton's Avro schemas, topic registry, serdes and Schema Registry client. */
package dev.baton.schemas;
