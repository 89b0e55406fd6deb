package dev.bricklayer.common.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;

/**
 * Every topic of the platform with its partition count: the one place the local platform, the docker-compose init,
 * the Kubernetes topics Job and the production IaC (README) take them from (the e2e tests check that they do).
 *
 * <p>A consumer group spreads a topic's partitions over its instances, so a service can run at most as many busy
 * instances as the topic has partitions; and adding partitions later moves keys to other partitions (a workspace's
 * or a person's events would lose their order across the change). So the topics services scale on get
 * {@value #SCALABLE} partitions from the start, more than the manifests' highest replica count (6): every instance
 * owns two or more, and the cap can be raised to 12 without repartitioning. Order per key (workspace name, employee
 * id) holds with any count: a key always lands on one partition.
 *
 * <p>Dead-letter topics get their source's count: the binder publishes a refused record to the same partition number
 * it came from. The compacted state topic is read whole by every instance (no consumer group), and the audit log
 * carries the hash chain in sequence order to compliance: both stay at one partition.
 */
public final class TopicLayout {

    /** Partitions of a topic services scale on. */
    public static final int SCALABLE = 12;

    /**
     * One topic.
     *
     * @param name       the topic
     * @param partitions its partition count
     * @param compacted  whether its cleanup policy is {@code compact} (the latest record per key is kept)
     */
    public record Topic(String name, int partitions, boolean compacted) {
    }

    /** Every topic, the dead-letter topics after their sources. */
    public static final List<Topic> ALL = List.of(
            new Topic(WorkspaceTopics.REQUESTS, SCALABLE, false),
            new Topic(WorkspaceTopics.EVENTS, SCALABLE, false),
            new Topic(WorkspaceTopics.STATE, 1, true),
            new Topic(HrTopics.PEOPLE, SCALABLE, false),
            new Topic(SecurityTopics.EVENTS, SCALABLE, false),
            new Topic(IdentityTopics.EVENTS, SCALABLE, false),
            new Topic(TokenTopics.EVENTS, SCALABLE, false),
            new Topic(AuditTopics.API_CALLS, SCALABLE, false),
            new Topic(AuditTopics.LOG, 1, false),
            // dead letters of the services' bindings (spring.cloud.stream.kafka.bindings.<binding>.consumer.dlq-name)
            new Topic(WorkspaceTopics.REQUESTS + ".dlq", SCALABLE, false),
            new Topic("bricklayer.workspace.completions.dlq", SCALABLE, false),
            new Topic(WorkspaceTopics.EVENTS + ".security-service.dlq", SCALABLE, false),
            new Topic(WorkspaceTopics.EVENTS + ".identity-service.dlq", SCALABLE, false),
            new Topic(WorkspaceTopics.EVENTS + ".token-service.dlq", SCALABLE, false),
            new Topic(HrTopics.PEOPLE + ".dlq", SCALABLE, false),
            new Topic(HrTopics.PEOPLE + ".token-service.dlq", SCALABLE, false),
            new Topic(SecurityTopics.EVENTS + ".identity-service.dlq", SCALABLE, false),
            new Topic(AuditTopics.API_CALLS + ".dlq", SCALABLE, false));

    private static final Map<String, Topic> BY_NAME = ALL.stream().collect(Collectors.toMap(Topic::name, Function.identity()));

    /** The topic named {@code name}, if it is one of the platform's. */
    public static Optional<Topic> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The partition count of {@code name}. */
    public static int partitions(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("Not a topic of the platform: " + name)).partitions();
    }

    private TopicLayout() {
    }
}
