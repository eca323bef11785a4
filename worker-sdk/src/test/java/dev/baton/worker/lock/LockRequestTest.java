package dev.baton.worker.lock;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.worker.OperationClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockRequestTest {

  @Test
  void shouldTakeItsClassFromTheStepClasses() {
    LockRequest request = new LockRequest("s", "t", 0, 1, 2, List.of(READ, READ, WRITE));

    assertThat(request.operationClass()).isEqualTo(WRITE);
    assertThat(request.describe())
        .isEqualTo("call 2 (WRITE) of session s, turn t, step 0, token 1");
  }

  @Test
  void shouldCopyClasses() {
    List<OperationClass> classes = new ArrayList<>(List.of(READ));
    LockRequest request = new LockRequest("s", "t", 0, 1, 0, classes);
    classes.set(0, WRITE);

    assertThat(request.operationClass()).isEqualTo(READ);
  }

  @Test
  void shouldRejectIndexOutsideTheStep() {
    assertThatThrownBy(() -> new LockRequest("s", "t", 0, 1, 2, List.of(READ, WRITE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index must be from 0 to 1 (the step has 2 calls), got 2");
  }

  @Test
  void shouldRejectBlankIdsAndNegativeNumbers() {
    assertThatThrownBy(() -> new LockRequest(" ", "t", 0, 1, 0, List.of(READ)))
        .hasMessage("sessionId must not be blank");
    assertThatThrownBy(() -> new LockRequest("s", "t", -1, 1, 0, List.of(READ)))
        .hasMessageContaining("step=-1");
    assertThatThrownBy(() -> new LockRequest("s", null, 0, 1, 0, List.of(READ)))
        .isInstanceOf(NullPointerException.class);
  }
}
