package dev.myprofile.bench;

/** How a benchmark's {@code main} ends. */
final class Benchmark {
    private Benchmark() {}

    /**
     * Runs {@code benchmark}, prints its failure if it fails, and exits with its status: the test
     * support's recording proxy leaves worker threads behind, which must not keep the process alive.
     */
    static void runThenExit(Runnable benchmark) {
        int status = 0;
        try {
            benchmark.run();
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}
