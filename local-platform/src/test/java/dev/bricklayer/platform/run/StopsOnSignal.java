package dev.bricklayer.platform.run;

/** A stand-in for the launcher: says "up", and "stopped" from its shutdown hook; otherwise sleeps the given seconds. */
public final class StopsOnSignal {

    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopped")));
        System.out.println("up");
        Thread.sleep(Long.parseLong(args[0]) * 1000);
        System.out.println("slept");
    }
}
