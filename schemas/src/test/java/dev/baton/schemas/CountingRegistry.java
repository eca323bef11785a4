package dev.baton.schemas;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** An in-memory registry that counts the calls that reach it. */
class CountingRegistry extends ForwardingRegistry {

  final AtomicInteger registers = new AtomicInteger();
  final AtomicInteger lookups = new AtomicInteger();
  final AtomicInteger schemaByIds = new AtomicInteger();

  @Override
  public int register(String subject, Schema schema) {
    registers.incrementAndGet();
    return super.register(subject, schema);
  }

  @Override
  public int lookup(String subject, Schema schema) {
    lookups.incrementAndGet();
    return super.lookup(subject, schema);
  }

  @Override
  public Schema schemaById(int id) {
    schemaByIds.incrementAndGet();
    return super.schemaById(id);
  }
}
