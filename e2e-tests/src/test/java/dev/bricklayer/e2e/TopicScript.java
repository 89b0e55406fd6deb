package dev.bricklayer.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bricklayer.common.events.TopicLayout;

/**
 * The topics a topic-creating shell script (docker-compose's kafka-topics init, the Kubernetes topics Job) makes: the
 * {@code topic:partitions} words its loop runs over, and each {@code --topic <name> --partitions <n>} written out with
 * {@code cleanup.policy=compact}.
 */
final class TopicScript {

    private static final Pattern LOOP = Pattern.compile("for spec in (.*?); do");
    private static final Pattern WORD = Pattern.compile("([a-z][a-z0-9.\\-]*):(\\d+)");
    private static final Pattern COMPACTED = Pattern.compile("--topic ([a-z][a-z0-9.\\-]*) --partitions (\\d+) [^;]*--config cleanup\\.policy=compact");

    private TopicScript() {
    }

    static Map<String, TopicLayout.Topic> topics(String script) {
        Map<String, TopicLayout.Topic> topics = new LinkedHashMap<>();
        Matcher loop = LOOP.matcher(script);
        if (loop.find()) {
            Matcher word = WORD.matcher(loop.group(1));
            while (word.find()) {
                topics.put(word.group(1), new TopicLayout.Topic(word.group(1), Integer.parseInt(word.group(2)), false));
            }
        }
        Matcher compacted = COMPACTED.matcher(script);
        while (compacted.find()) {
            topics.put(compacted.group(1), new TopicLayout.Topic(compacted.group(1), Integer.parseInt(compacted.group(2)), true));
        }
        return topics;
    }

    /** TopicLayout's topics, by name. */
    static Map<String, TopicLayout.Topic> layout() {
        Map<String, TopicLayout.Topic> topics = new LinkedHashMap<>();
        TopicLayout.ALL.forEach(topic -> topics.put(topic.name(), topic));
        return topics;
    }
}
