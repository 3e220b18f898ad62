package dev.sluice.stream;

import java.util.ArrayList;
import java.util.List;

/** One piece of work run on the calling thread and on {@code threads - 1} helpers beside it, until all are done. */
final class EveryCore {
    private EveryCore() {
    }

    /** Runs {@code work} on {@code threads} threads (helpers named {@code name-N}); returns when every run has returned. */
    static void run(String name, int threads, Runnable work) {
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread helper = new Thread(work, name + "-" + t);
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        work.run();
        boolean interrupted = false;
        for (Thread helper : helpers) {
            while (true) {
                try {
                    helper.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
