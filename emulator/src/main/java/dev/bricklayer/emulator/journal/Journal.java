package dev.bricklayer.emulator.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

/** Every request the emulator served on its Azure surface (not the admin API), in completion order. */
@Component
public class Journal {

    private final List<JournalEntry> entries = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    public void record(Instant time, String surface, String workspace, String method, String path, String query,
                       int status, String principal, String sourceAddress, String fault) {
        synchronized (entries) {
            entries.add(new JournalEntry(sequence.incrementAndGet(), time, surface, workspace, method, path, query,
                    status, principal, sourceAddress, fault));
        }
    }

    public List<JournalEntry> find(Predicate<JournalEntry> filter) {
        synchronized (entries) {
            return entries.stream().filter(filter).toList();
        }
    }

    public long count(Predicate<JournalEntry> filter) {
        synchronized (entries) {
            return entries.stream().filter(filter).count();
        }
    }

    public List<JournalEntry> all() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
