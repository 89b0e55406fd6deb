package dev.bricklayer.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.audit.AuditRecordSealed;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;

class EventTypesTest {

    @Test
    void ceTypeIsBricklayerAreaEventNameAndVersion() {
        assertThat(EventTypes.of(UserJoined.class)).isEqualTo("bricklayer.hr.UserJoined.v1");
        assertThat(EventTypes.of(AuditRecordSealed.class)).isEqualTo("bricklayer.audit.AuditRecordSealed.v1");
        assertThat(EventTypes.of(WorkspaceRequested.class, 2)).isEqualTo("bricklayer.workspace.WorkspaceRequested.v2");
    }

    @Test
    void classesOutsideAnAreaPackageHaveNoCeType() {
        assertThatIllegalArgumentException().isThrownBy(() -> EventTypes.of(FieldError.class));
        assertThatIllegalArgumentException().isThrownBy(() -> EventTypes.of(String.class));
        assertThatIllegalArgumentException().isThrownBy(() -> EventTypes.of(UserJoined.class, 0));
    }
}
