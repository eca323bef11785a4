package dev.baton.bench.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of a case's deployments within one run: as declared in odd runs and the reverse in even
 * ones, so that neither the first nor the last place favours one.
 */
final class RunOrder {

  private RunOrder() {}

  /** The constants of {@code variants} in the order of run {@code run} (1, 2, ...). */
  static <E extends Enum<E>> List<E> of(Class<E> variants, int run) {
    List<E> order = new ArrayList<>(List.of(variants.getEnumConstants()));
    if (run % 2 == 0) {
      Collections.reverse(order);
    }
    return order;
  }
}
