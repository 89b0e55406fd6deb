package dev.bricklayer.platform.demo;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A live status line while the demo runs: the current phase, elapsed time and counters. On a terminal the line is
 * redrawn in place every second; otherwise (a log, CI) a line is printed every five seconds and whenever the phase
 * changes.
 */
final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final Supplier<String> counters;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private final Thread ticker;
    private volatile String phase = "";
    private volatile boolean running = true;
    private String lastLine = "";

    Progress(PrintStream out, Supplier<String> counters) {
        this.out = out;
        this.counters = counters;
        this.ticker = new Thread(this::tick, "demo-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    synchronized void phase(String name) {
        if (terminal && !lastLine.isEmpty()) {
            out.println();
        }
        phase = name;
        out.printf("%n[%s] %s%n", elapsed(), name);
        lastLine = "";
    }

    private void tick() {
        int ticks = 0;
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            ticks++;
            if (terminal || ticks % 5 == 0) {
                print();
            }
        }
    }

    private synchronized void print() {
        String line = String.format("  [%s] %s", elapsed(), counters.get());
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            out.flush();
        } else if (!line.substring(line.indexOf(']') + 1).equals(lastLine.isEmpty() ? "" : lastLine.substring(lastLine.indexOf(']') + 1))) {
            out.println(line);
        }
        lastLine = line;
    }

    private String elapsed() {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format("%02d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        print();
        out.println();
    }
}
