package dev.baton.schemas;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** An in-memory registry that counts the calls made to it. */
final class CountingRegistry implements SchemaRegistryClient {

  final InMemorySchemaRegistryClient delegate = new InMemorySchemaRegistryClient();
  final AtomicInteger registers = new AtomicInteger();
  final AtomicInteger lookups = new AtomicInteger();
  final AtomicInteger schemaByIds = new AtomicInteger();

  @Override
  public int register(String subject, Schema schema) {
    registers.incrementAndGet();
    return delegate.register(subject, schema);
  }

  @Override
  public int lookup(String subject, Schema schema) {
    lookups.incrementAndGet();
    return delegate.lookup(subject, schema);
  }

  @Override
  public Schema schemaById(int id) {
    schemaByIds.incrementAndGet();
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
