package dev.bricklayer.emulator.workspace.compute;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Cluster policies and clusters of one workspace. Synchronize on the store. */
final class ComputeStore {

    /** A policy; {@code definition} is the JSON string as given. */
    record Policy(String policyId, String name, String definition, String description, Long maxClustersPerUser,
                  String policyFamilyId, String policyFamilyDefinitionOverrides, Object libraries,
                  long createdAtTimestamp, String creatorUserName, boolean isDefault) {
    }

    /** A cluster: its spec and its place in the state machine. */
    static final class Cluster {
        final String clusterId;
        ObjectNode spec;
        final String creatorUserName;
        final String creatorId;
        String state;
        String stateMessage = "";
        String nextState;
        Instant transitionAt;
        long startTime;
        long terminatedTime;

        Cluster(String clusterId, ObjectNode spec, String creatorUserName, String creatorId) {
            this.clusterId = clusterId;
            this.spec = spec;
            this.creatorUserName = creatorUserName;
            this.creatorId = creatorId;
        }

        /** Moves to {@code next} after {@code after}, passing through {@code now} ({@code PENDING}, {@code TERMINATING}…). */
        void transition(String now, String message, String next, Duration after) {
            this.state = now;
            this.stateMessage = message;
            this.nextState = next;
            this.transitionAt = Instant.now().plus(after);
        }

        /** Advances the state machine to the present. */
        void advance() {
            if (nextState != null && !Instant.now().isBefore(transitionAt)) {
                state = nextState;
                nextState = null;
                stateMessage = switch (state) {
                    case "TERMINATED" -> "Terminated by user";
                    default -> "";
                };
                if ("TERMINATED".equals(state)) {
                    terminatedTime = System.currentTimeMillis();
                }
            }
        }
    }

    final Map<String, Policy> policies = new LinkedHashMap<>();
    final Map<String, Cluster> clusters = new LinkedHashMap<>();
    boolean defaultsCreated;
}
