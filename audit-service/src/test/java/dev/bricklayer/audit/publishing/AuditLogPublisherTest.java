package dev.bricklayer.audit.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;

import dev.bricklayer.audit.config.AuditProperties;
import dev.bricklayer.audit.ledger.AuditLedger;
import dev.bricklayer.common.messaging.EventPublisher;

/** How republishing is asked for: requests coalesce into one run on the executor, and a stopping executor is no failure. */
class AuditLogPublisherTest {

    private final AuditLedger ledger = mock(AuditLedger.class);
    private final List<Runnable> runs = new ArrayList<>();
    private boolean stopping;
    private final TaskExecutor executor = task -> {
        if (stopping) {
            throw new TaskRejectedException("executor stopped");
        }
        runs.add(task);
    };
    private final AuditLogPublisher publisher = new AuditLogPublisher(ledger, mock(EventPublisher.class), executor,
            new AuditProperties(Duration.ofMinutes(5), Duration.ofSeconds(30), "Audit.Read"));

    @Test
    void requestsBeforeARunStartsCoalesceIntoOneAndARequestDuringARunQueuesOneMore() {
        when(ledger.unpublished(anyInt())).thenReturn(List.of());

        publisher.requestRepublish();
        publisher.requestRepublish();
        publisher.requestRepublish();
        assertThat(runs).hasSize(1);

        runs.get(0).run();
        publisher.requestRepublish();

        assertThat(runs).hasSize(2);
        verify(ledger).unpublished(anyInt());
    }

    @Test
    void anExecutorThatIsStoppingRefusesTheRunWithoutFailingTheConsumerAndTheNextStartAsksAgain() {
        stopping = true;

        assertThatCode(publisher::requestRepublish).doesNotThrowAnyException();

        stopping = false;
        publisher.requestRepublish();
        assertThat(runs).hasSize(1);
    }
}
