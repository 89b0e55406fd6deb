package dev.bricklayer.platform.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the demo found: the figures of its report, and every expectation that did not hold. */
final class Findings {

    private final List<String> problems = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    void figure(String name, Object value) {
        figures.put(name, value);
    }

    void problem(String what) {
        problems.add(what);
    }

    /** A problem unless {@code actual} equals {@code expected}. */
    void expect(String what, Map<String, Long> actual, Map<String, Long> expected) {
        if (!new TreeMap<>(expected).equals(actual)) {
            problems.add(what + ": " + actual + ", expected " + new TreeMap<>(expected));
        }
    }

    DemoScenario.Report report() {
        StringBuilder text = new StringBuilder("\n=== Bricklayer demo report ===\n");
        figures.forEach((name, value) -> text.append(String.format("  %-52s %s%n", name, value)));
        text.append(problems.isEmpty() ? "  every expectation held\n" : "  PROBLEMS:\n");
        problems.forEach(p -> text.append("   - ").append(p).append('\n'));
        return new DemoScenario.Report(problems.isEmpty(), text.toString(), Map.copyOf(figures));
    }
}
