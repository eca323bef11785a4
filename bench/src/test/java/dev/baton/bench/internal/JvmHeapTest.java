package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmHeapTest {

  @Test
  void shouldReadTheHeapInUseFromHeapInfo() {
    String g1 =
        """
        31149:
        garbage-first heap   total reserved 6172672K, committed 28672K, used 2912K [0x0, 0x8)
         region size 4096K, 0 young (0K), 0 survivors (0K)
         Metaspace       used 1024K, committed 1280K, reserved 1114112K
        """;
    String older = " garbage-first heap   total 262144K, used 51200K [0x0, 0x8)\n";

    assertThat(JvmHeap.usedKb(g1)).isEqualTo(2912);
    assertThat(JvmHeap.usedKb(older)).isEqualTo(51200);
  }

  @Test
  void shouldSayWhatItCouldNotRead() {
    assertThatThrownBy(() -> JvmHeap.usedKb("31149:\nCould not attach"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Could not attach");
  }
}
