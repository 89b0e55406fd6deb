package dev.bricklayer.workspace.onboarding;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceState;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;

/**
 * What workspace-service announces of a workspace: its events on {@code bricklayer.workspace.events} and its latest
 * {@link WorkspaceState} (as stored now) on the compacted state topic, each keyed by the workspace's name and sent
 * before the caller goes on.
 */
public class WorkspaceAnnouncements {

    private final WorkspaceStore store;
    private final EventPublisher events;
    private final ObjectMapper mapper;

    public WorkspaceAnnouncements(WorkspaceStore store, EventPublisher events, ObjectMapper mapper) {
        this.store = store;
        this.events = events;
        this.mapper = mapper;
    }

    public void event(String workspace, Object event) {
        events.publish(WorkspaceTopics.EVENTS, workspace, event).block();
    }

    public void state(String workspace) {
        store.find(workspace).ifPresent(record -> {
            WorkspaceRequested request;
            try {
                request = mapper.readValue(record.request(), WorkspaceRequested.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            WorkspaceState state = new WorkspaceState(workspace, WorkspaceState.Status.valueOf(record.status()), record.resourceId(),
                    record.workspaceId(), record.workspaceUrl(), request.region(), request.pricingTier().name().toLowerCase(),
                    request.tags() == null ? Map.of() : request.tags(), record.blueprint(), Instant.now());
            events.publish(WorkspaceTopics.STATE, workspace, state).block();
        });
    }
}
