package dev.bricklayer.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.identity.UserProvisioned;
import dev.bricklayer.common.events.workspace.BlueprintRef;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;

class EventRecordsImmutabilityTest {

    @Test
    void listsAreCopiedOnConstructionAndCannotBeChangedAfterwards() {
        List<String> groups = new ArrayList<>(List.of("fin-analysts"));
        UserProvisioned event = new UserProvisioned("ws", "E-1", "a@contoso.com", "42", groups, HrEvents.OCCURRED_AT);

        groups.add("admins");

        assertThat(event.groups()).containsExactly("fin-analysts");
        assertThatThrownBy(() -> event.groups().add("admins")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void mapsAreCopiedOnConstructionAndOverridesMayHoldJsonNulls() {
        Map<String, String> tags = new HashMap<>(Map.of("env", "prod"));
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("tokenPolicy", null);
        WorkspaceRequested event = new WorkspaceRequested("r", "ws-1", WorkspaceEvents.SUBSCRIPTION_ID, "rg", "westeurope",
                PricingTier.TRIAL, null, tags, new BlueprintRef("b", "1"), overrides, "me", HrEvents.OCCURRED_AT);

        tags.put("env", "dev");

        assertThat(event.tags()).containsEntry("env", "prod");
        assertThat(event.overrides()).containsEntry("tokenPolicy", null);
        assertThatThrownBy(() -> event.overrides().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void absentCollectionsBecomeEmptyNotNull() {
        UserProvisioned event = new UserProvisioned("ws", "E-1", "a@contoso.com", "42", null, HrEvents.OCCURRED_AT);

        assertThat(event.groups()).isEmpty();
    }

    @Test
    void aKeyFieldCannotBeMissing() {
        assertThatNullPointerException()
                .isThrownBy(() -> new UserJoined(null, "a@contoso.com", "A", "A", "B", HrEvents.financeAnalyst(),
                        LocalDate.of(2025, 1, 1), HrEvents.OCCURRED_AT))
                .withMessage("employeeId");
    }
}
