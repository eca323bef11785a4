package dev.baton.schemas;

import org.apache.avro.Schema;

/** A registry that forwards every call to an in-memory one; tests override what they observe. */
class ForwardingRegistry implements SchemaRegistryClient {

  final InMemorySchemaRegistryClient delegate = new InMemorySchemaRegistryClient();

  @Override
  public int register(String subject, Schema schema) {
    return delegate.register(subject, schema);
  }

  @Override
  public int lookup(String subject, Schema schema) {
    return delegate.lookup(subject, schema);
  }

  @Override
  public Schema schemaById(int id) {
    return delegate.schemaById(id);
  }

  @Override
  public void setCompatibility(String subject, Compatibility compatibility) {
    delegate.setCompatibility(subject, compatibility);
  }

  @Override
  public Compatibility getCompatibility(String subject) {
    return delegate.getCompatibility(subject);
  }
}
